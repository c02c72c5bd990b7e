import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RedfishBmc } from "@/lab/bmc/redfish-emulator";
import { recordingChassis, testBmcInfo } from "@/lab/bmc/test-chassis";
import type { Database } from "@/lib/db/client";
import { machineBmcs } from "@/lib/db/schema";
import { operator } from "@/lib/test/fixtures";
import { freshDatabase, testEngines } from "@/lib/test/databases";
import { insertWaitingMachine, setupCatalog } from "../machines/allocation.fixtures";
import { inTx } from "../tx";
import { enqueueBmcCommands } from "./commands";
import { pollDueBmcs } from "./poller";
import { listPowerReadings } from "./power-readings";
import { BMC_OUTDATED_AFTER_MS, getMachineBmc, toBmcDto, updateMachineBmc } from "./records";
import { attachRedfishBmc, BMC_PASSWORD } from "./test-support";

/** The BMC poller against real lab Redfish BMCs. */
describe.each(testEngines())("BMC poller on %s", (engine) => {
  let database: Database;
  let cleanup: () => Promise<void>;
  const bmcs: RedfishBmc[] = [];
  const ids: Record<"ok" | "wrongPassword" | "busyWithCommand" | "off" | "flaky", string> = { ok: "", wrongPassword: "", busyWithCommand: "", off: "", flaky: "" };
  const row = async (id: string) => (await database.db.select().from(machineBmcs).where(eq(machineBmcs.machineId, id)))[0];

  beforeAll(async () => {
    ({ database, cleanup } = await freshDatabase(engine));
    await setupCatalog();
    for (const key of Object.keys(ids) as (keyof typeof ids)[]) {
      ids[key] = await insertWaitingMachine(database.db);
      const a = await attachRedfishBmc(ids[key], key === "wrongPassword" ? { password: "the-real-one", reportedPassword: BMC_PASSWORD } : {});
      if (key !== "off") await a.chassis.powerOn();
      if (key === "flaky") a.bmc.faults.inject("busy"); // one 503: the poll tries once more
      bmcs.push(a.bmc);
    }
    await inTx(undefined, (t) => enqueueBmcCommands(t, ids.busyWithCommand, [{ command: "power-on" }], "user", null));
  });
  afterAll(async () => {
    await Promise.all(bmcs.map((b) => b.stop()));
    await cleanup?.();
  });

  it("reads power state, inventory, firmware, power draw and PSUs; retries a transient error once; records failures; skips BMCs with a pending command", async () => {
    const now = new Date();
    const result = await pollDueBmcs({ now, intervalMs: 300_000, concurrency: 4 });
    expect(result).toMatchObject({ polled: 4, ok: 3, failed: 1 });
    expect((await row(ids.flaky)).info).toMatchObject({ powerState: "on" });

    const ok = await row(ids.ok);
    expect(ok.info).toMatchObject({ powerState: "on", manufacturer: "Lab Systems", model: "LS-1U", firmwareVersion: "2.14.0", biosVersion: "1.8.2", identifyOn: false });
    expect(ok.info!.powerWatts).toBeGreaterThan(0);
    expect(ok.info!.powerSupplies.map((p) => p.health)).toEqual(["OK", "OK"]);
    // The draw also went into the machine's 24 h trend; a failed poll stores nothing.
    expect((await listPowerReadings(operator, ids.ok)).items.map((r) => r.watts)).toEqual([ok.info!.powerWatts]);
    expect((await listPowerReadings(operator, ids.wrongPassword)).items).toEqual([]);
    expect([ok.lastPollError, ok.lastPollOkAt?.getTime() === ok.lastPollAt?.getTime()]).toEqual([null, true]);
    // Jittered ±20 % around the interval, so polls spread out.
    expect(ok.nextPollAt.getTime() - now.getTime()).toBeGreaterThanOrEqual(240_000);
    expect(ok.nextPollAt.getTime() - now.getTime()).toBeLessThanOrEqual(360_000);

    expect((await row(ids.off)).info).toMatchObject({ powerState: "off" });
    const bad = await row(ids.wrongPassword);
    expect([bad.info, bad.lastPollOkAt, bad.lastPollError]).toEqual([null, null, expect.stringMatching(/authentication failed/)]);
    expect(bad.lastPollError).not.toContain(BMC_PASSWORD);
    expect((await row(ids.busyWithCommand)).lastPollAt).toBeNull();

    // Nothing is due any more: a second run right away polls nothing.
    expect((await pollDueBmcs({ now, intervalMs: 300_000 })).polled).toBe(0);
  });

  it("a BMC with several systems and none chosen: the poll fails as a configuration error and the systems are offered; once chosen it reads that one", async () => {
    const id = await insertWaitingMachine(database.db);
    const { sim: second } = recordingChassis();
    const a = await attachRedfishBmc(id, { emulator: { secondSystem: { chassis: second, info: { ...testBmcInfo, serial: "BLADE-2" } } } });
    bmcs.push(a.bmc);
    await pollDueBmcs({ now: new Date(), intervalMs: 300_000 });
    expect(await row(id)).toMatchObject({ info: null, discoveredSystems: ["1", "2"], lastPollError: expect.stringContaining('manages 2 computer systems ("1", "2")') });
    expect((await getMachineBmc(operator, id)).connection).toMatchObject({ discoveredSystems: ["1", "2"], systemId: "" });
    await updateMachineBmc(operator, id, { systemId: "2" });
    await pollDueBmcs({ now: new Date(), intervalMs: 300_000 });
    expect(await row(id)).toMatchObject({ lastPollError: null, discoveredSystems: ["1", "2"], info: expect.objectContaining({ serial: "BLADE-2", systems: ["1", "2"] }) });
  });

  it("shows 'BMC info outdated' when the last successful poll is older than 20 minutes", async () => {
    const ok = await row(ids.ok);
    expect(toBmcDto(ok, false, new Date(ok.lastPollOkAt!.getTime() + BMC_OUTDATED_AFTER_MS - 1000)).outdated).toBe(false);
    expect(toBmcDto(ok, false, new Date(ok.lastPollOkAt!.getTime() + BMC_OUTDATED_AFTER_MS + 1000)).outdated).toBe(true);
    const panel = await getMachineBmc(operator, ids.ok);
    expect(panel).toMatchObject({ powerState: "on", outdated: false, connection: { passwordSet: true } });
    expect(JSON.stringify(panel)).not.toContain(BMC_PASSWORD);
  });
});
