import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/client";
import { bmcCommands, machineProvisioning, machines } from "@/lib/db/schema";
import { freshDatabase, testEngines } from "@/lib/test/databases";
import type { makeUser } from "@/lib/test/fixtures";
import { sweepBmcCommands, STALLED_AFTER_MS } from "../bmc/sweep";
import { allocateMachine } from "./allocation";
import { allocation, insertWaitingMachine, setupAcmeProject, setupCatalog } from "./allocation.fixtures";
import { resurrectMachines } from "./resurrection";

/** DOMAIN §3.1 resurrection through BMC commands, and the BMC command sweep. */
const HOUR = 3_600_000;

describe.each(testEngines())("resurrection and the BMC sweep on %s", (engine) => {
  let database: Database;
  let cleanup: () => Promise<void>;
  let projectId: string;
  let owner: Awaited<ReturnType<typeof makeUser>>;

  beforeAll(async () => {
    ({ database, cleanup } = await freshDatabase(engine));
    await setupCatalog();
    ({ projectId, owner } = await setupAcmeProject());
  });
  afterAll(async () => cleanup?.());
  beforeEach(async () => {
    await database.db.delete(machines);
  });

  /** A machine last heard from `silentMs` ago. */
  async function silentMachine(silentMs: number, o: Partial<typeof machines.$inferInsert> = {}) {
    const id = await insertWaitingMachine(database.db, o);
    await database.db.update(machineProvisioning).set({ lastEventTime: new Date(Date.now() - silentMs) }).where(eq(machineProvisioning.machineId, id));
    return id;
  }
  const commands = (id: string) => database.db.select().from(bmcCommands).where(eq(bmcCommands.machineId, id)).orderBy(bmcCommands.seq);

  it("reclaims a free machine dead for over an hour (PXE + reset), once per hour; leaves locked, recently dead and allocated ones alone", async () => {
    const dead = await silentMachine(2 * HOUR, { liveliness: "Dead" });
    const recent = await silentMachine(30 * 60_000, { liveliness: "Dead" });
    const locked = await silentMachine(2 * HOUR, { liveliness: "Dead", condition: "LOCKED" });
    const allocated = await silentMachine(0);
    await allocateMachine(owner, allocation(projectId));
    await database.db.update(machines).set({ liveliness: "Unknown" }).where(eq(machines.id, allocated));
    await database.db.update(machineProvisioning).set({ lastEventTime: new Date(Date.now() - 2 * HOUR) }).where(eq(machineProvisioning.machineId, allocated));

    expect(await resurrectMachines()).toEqual([dead]);
    expect((await commands(dead)).map((c) => [c.origin, c.command, c.status])).toEqual([["resurrection", "boot-pxe", "queued"], ["resurrection", "power-reset", "queued"]]);
    const [row] = await database.db.select().from(machines).where(eq(machines.id, dead));
    expect(row.provisioningState).toBe("Machine Reclaim");
    for (const id of [recent, locked, allocated]) expect(await commands(id)).toEqual([]);
    expect(await resurrectMachines()).toEqual([]); // not again within the hour
  });

  it("reclaims a machine that booted its old OS after a free (failed reclaim) at once", async () => {
    const id = await silentMachine(0, { failedReclaim: true, provisioningState: "Phoned Home" });
    expect(await resurrectMachines()).toEqual([id]);
    expect((await commands(id)).map((c) => c.command)).toEqual(["boot-pxe", "power-reset"]);
  });

  it("the sweep finds commands nobody runs: due for a while, lease expired, or past the deadline", async () => {
    const [fresh, stalled, orphaned, running, expired] = await Promise.all(Array.from({ length: 5 }, () => silentMachine(0)));
    const now = Date.now();
    const base = { command: "power-on" as const, groupId: "g", origin: "user", deadline: new Date(now + HOUR) };
    await database.db.insert(bmcCommands).values([
      { ...base, id: "c1", machineId: fresh, runAfter: new Date(now - 1000) },
      { ...base, id: "c2", machineId: stalled, runAfter: new Date(now - STALLED_AFTER_MS - 1000) },
      { ...base, id: "c3", machineId: orphaned, status: "running", leaseUntil: new Date(now - 1000) },
      { ...base, id: "c4", machineId: running, status: "running", leaseUntil: new Date(now + 60_000) },
      { ...base, id: "c5", machineId: expired, runAfter: new Date(now), deadline: new Date(now - 1) },
    ]);
    expect((await sweepBmcCommands(new Date(now))).sort()).toEqual([stalled, orphaned, expired].sort());
  });
});
