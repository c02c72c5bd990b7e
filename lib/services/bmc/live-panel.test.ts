import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RedfishBmc } from "@/lab/bmc/redfish-emulator";
import type { Database } from "@/lib/db/client";
import { machineBmcs } from "@/lib/db/schema";
import { bmcPollJob, defineJob } from "@/lib/jobs/registry";
import { getQueue, stopQueue } from "@/lib/jobs/runtime";
import { freshDatabase, testEngines } from "@/lib/test/databases";
import { operator } from "@/lib/test/fixtures";
import { insertWaitingMachine, setupCatalog } from "../machines/allocation.fixtures";
import { closeMachineNotifications, notifyMachineChanged, subscribeAllMachines } from "../machines/notify";
import { pollDueBmcs } from "./poller";
import { updateMachineBmc } from "./records";
import { attachRedfishBmc, BMC_PASSWORD } from "./test-support";

/**
 * What keeps an open BMC panel current: a poll that changes what the panel shows notifies the
 * machine's channel (an unchanged one does not), and a BMC reported at registration or saved by
 * an operator is polled at once, not at the poller's next tick (up to a minute away).
 */
describe.each(testEngines())("live BMC panel on %s", (engine) => {
  let database: Database;
  let cleanup: () => Promise<void>;
  let bmc: RedfishBmc;
  let machineId: string;
  const heard: string[] = [];
  let onHeard = () => {};
  let unsubscribe = () => {};
  const rowOf = async (id: string) => (await database.db.select().from(machineBmcs).where(eq(machineBmcs.machineId, id)))[0];
  const row = () => rowOf(machineId);

  /** Everything notified up to now: NOTIFYs arrive in commit order, so once a fresh marker is heard, all earlier ones are too. */
  async function notifiedSoFar(): Promise<string[]> {
    const marker = `marker-${heard.length}-${Date.now()}`;
    const arrived = new Promise<void>((resolve) => (onHeard = () => heard.includes(marker) && resolve()));
    await notifyMachineChanged(database.db, marker);
    await arrived;
    return heard.splice(0).filter((id) => id !== marker);
  }

  beforeAll(async () => {
    ({ database, cleanup } = await freshDatabase(engine));
    await setupCatalog();
    machineId = await insertWaitingMachine(database.db);
    // The machine reported a password its BMC does not accept.
    ({ bmc } = await attachRedfishBmc(machineId, { password: "the-right-one", reportedPassword: BMC_PASSWORD }));
    unsubscribe = await subscribeAllMachines((id) => {
      heard.push(id);
      onHeard();
    }, () => {});
  });
  afterAll(async () => {
    unsubscribe();
    await stopQueue();
    await closeMachineNotifications();
    await bmc?.stop();
    await cleanup?.();
  });

  it("a poll that changes the panel is heard; the same failure again is not", async () => {
    await notifiedSoFar();
    expect((await pollDueBmcs()).polled).toBe(1);
    expect((await row()).lastPollError).toMatch(/authentication failed/);
    expect(await notifiedSoFar()).toEqual([machineId]);

    expect((await pollDueBmcs({ now: new Date(Date.now() + 3_600_000) })).polled).toBe(1);
    expect((await row()).lastPollError).toMatch(/authentication failed/);
    expect(await notifiedSoFar()).toEqual([]);
  });

  it("saving the settings is heard at once and polls the BMC with them within seconds", async () => {
    // The poll job without its cron schedule: only the job sent on save can poll within the test.
    const pollOnDemand = defineJob({ ...bmcPollJob, cron: undefined });
    await getQueue(database, { workers: true, defs: [pollOnDemand] });
    await notifiedSoFar();
    const polled = new Promise<void>((resolve) => (onHeard = () => void row().then((r) => r.lastPollOkAt && resolve())));
    const saved = await updateMachineBmc(operator, machineId, { password: "the-right-one" });
    expect(saved).toMatchObject({ lastPollOkAt: null, connection: { passwordSet: true, operatorManaged: true } });
    await polled; // no cron tick in this queue: only the job sent on save can have polled it
    const after = await row();
    expect(after.info).toMatchObject({ firmwareVersion: "2.14.0", powerState: "off" });
    expect(after.lastPollError).toBeNull();
  }, 15_000);

  it("a BMC reported at registration is read within seconds", async () => {
    const another = await insertWaitingMachine(database.db);
    const polled = new Promise<void>((resolve) => (onHeard = () => void rowOf(another).then((r) => r?.lastPollOkAt && resolve())));
    const a = await attachRedfishBmc(another, {}); // saveReportedBmc, as registration calls it
    try {
      await polled; // no cron tick in this queue: only the job sent on registration can have polled it
      expect((await rowOf(another)).info).toMatchObject({ firmwareVersion: "2.14.0", serial: `SN-${another.slice(-6)}` });
    } finally {
      await a.bmc.stop();
    }
  }, 15_000);
});
