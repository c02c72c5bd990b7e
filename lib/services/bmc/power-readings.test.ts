import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/client";
import { bmcPowerReadings, machines } from "@/lib/db/schema";
import { POWER_TREND_MAX_POINTS, POWER_TREND_STEP_MS, POWER_TREND_WINDOW_MS } from "@/lib/domain/bmc/power-trend";
import { NotFoundError } from "@/lib/http/errors";
import { freshDatabase, testEngines } from "@/lib/test/databases";
import { makeProject, makeTenant, makeUser, operator } from "@/lib/test/fixtures";
import { insertWaitingMachine, setupCatalog } from "../machines/allocation.fixtures";
import { inTx } from "../tx";
import { listPowerReadings, recordPowerReading } from "./power-readings";

/** Issue 15: the BMC panel's power trend — stored from polls, bounded per machine, tenant-isolated. */
describe.each(testEngines())("power readings on %s", (engine) => {
  let database: Database;
  let cleanup: () => Promise<void>;
  let machineId: string;
  let owner: Awaited<ReturnType<typeof makeUser>>;
  let stranger: Awaited<ReturnType<typeof makeUser>>;
  const MIN = 60_000;
  const t0 = new Date("2026-12-01T00:00:00Z");
  const at = (ms: number) => new Date(t0.getTime() + ms);
  const count = async () => (await database.db.select().from(bmcPowerReadings).where(eq(bmcPowerReadings.machineId, machineId))).length;

  beforeAll(async () => {
    ({ database, cleanup } = await freshDatabase(engine));
    await setupCatalog();
    const acme = await makeTenant("acme");
    const web = await makeProject(acme.id, "web");
    await makeTenant("globex");
    owner = await makeUser("owner@acme", ["acme-owners"]);
    stranger = await makeUser("owner@globex", ["globex-owners"]);
    machineId = await insertWaitingMachine(database.db);
    // Owned by acme/web (allocation itself is not what this test is about).
    await database.db.update(machines).set({ projectId: web.id }).where(eq(machines.id, machineId));
  });
  afterAll(async () => cleanup?.());

  it("keeps at most one reading per 5 minutes, rounded to whole watts", async () => {
    expect(await inTx(undefined, (t) => recordPowerReading(t, machineId, 201.6, at(0)))).toBe(true);
    expect(await inTx(undefined, (t) => recordPowerReading(t, machineId, 250, at(1 * MIN)))).toBe(false);
    expect(await inTx(undefined, (t) => recordPowerReading(t, machineId, 250, at(POWER_TREND_STEP_MS - 1)))).toBe(false);
    expect(await inTx(undefined, (t) => recordPowerReading(t, machineId, 180, at(POWER_TREND_STEP_MS)))).toBe(true);
    const page = await listPowerReadings(owner, machineId, at(POWER_TREND_STEP_MS));
    expect(page.items).toEqual([{ time: at(0).toISOString(), watts: 202 }, { time: at(POWER_TREND_STEP_MS).toISOString(), watts: 180 }]);
  });

  it("polled every minute for two days, a machine holds no more than the 24 h window", async () => {
    for (let m = 10; m <= 48 * 60; m += 1) await inTx(undefined, (t) => recordPowerReading(t, machineId, 100 + (m % 50), at(m * MIN)));
    const end = at(48 * 60 * MIN);
    expect(await count()).toBeLessThanOrEqual(POWER_TREND_MAX_POINTS);
    expect(await count()).toBeGreaterThanOrEqual(POWER_TREND_MAX_POINTS - 2);
    const page = await listPowerReadings(owner, machineId, end);
    expect(Date.parse(page.items[0].time)).toBeGreaterThanOrEqual(end.getTime() - POWER_TREND_WINDOW_MS);
    expect(page.items.map((r) => r.time)).toEqual([...page.items.map((r) => r.time)].sort());
  });

  it("a foreign tenant gets 404, not the readings; operators read them", async () => {
    await expect(listPowerReadings(stranger, machineId)).rejects.toBeInstanceOf(NotFoundError);
    await expect(listPowerReadings(stranger, "no-such-machine")).rejects.toBeInstanceOf(NotFoundError);
    expect((await listPowerReadings(operator, machineId, at(48 * 60 * MIN))).items.length).toBeGreaterThan(0);
  });

  it("readings go with their machine", async () => {
    await database.db.delete(machines).where(eq(machines.id, machineId));
    expect(await count()).toBe(0);
  });
});
