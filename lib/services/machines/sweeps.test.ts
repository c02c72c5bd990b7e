import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import type { Database } from "@/lib/db/client";
import { machineProvisioning, machines } from "@/lib/db/schema";
import { applyEvent, emptyContainer, type ProvisioningContainer, type StoredEventType } from "@/lib/domain/lifecycle";
import { freshDatabase, testEngines } from "@/lib/test/databases";
import { listenForMachineChanges, setupCatalog, PARTITION, SIZE } from "./allocation.fixtures";
import { closeMachineNotifications } from "./notify";
import { sweepLiveliness, sweepTimeouts } from "./sweeps";

const MIN = 60_000;

describe.each(testEngines())("machine sweeps on %s", (engine) => {
  let database: Database;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    await closeMachineNotifications();
    ({ database, cleanup } = await freshDatabase(engine));
    await setupCatalog();
  });
  afterAll(async () => {
    await closeMachineNotifications();
    await cleanup?.();
  });

  /** A machine whose events happened at the given times (minutes before `now`). */
  async function machineWith(id: string, events: [StoredEventType, number][], now: Date, allocated = false) {
    let c: ProvisioningContainer = emptyContainer();
    for (const [event, minutesAgo] of events) c = applyEvent(c, { event, time: new Date(now.getTime() - minutesAgo * MIN) }).container;
    await database.db.insert(machines).values({ id, partitionId: PARTITION, sizeId: SIZE, provisioningState: c.state, liveliness: "Alive" });
    await database.db.insert(machineProvisioning).values({ machineId: id, container: c, lastEventTime: c.lastEventTime });
    if (allocated) await database.raw.query("update machines set project_id = (select id from projects limit 1) where id = $1", [id]);
  }

  it("derives liveliness from the last sign of life", async () => {
    const now = new Date();
    await database.raw.query("insert into tenants (id, name) values ('t1', 'sweep-t') on conflict do nothing");
    await database.raw.query("insert into projects (id, tenant_id, name) values ('p1', 't1', 'sweep-p') on conflict do nothing");
    await machineWith("m-fresh", [["PXE Booting", 20], ["Preparing", 19], ["Registering", 18], ["Waiting", 1]], now);
    await machineWith("m-silent-free", [["PXE Booting", 30], ["Preparing", 29], ["Registering", 28], ["Waiting", 27]], now);
    await machineWith("m-silent-allocated", [["PXE Booting", 30], ["Preparing", 29], ["Registering", 28], ["Waiting", 27]], now, true);
    const listener = await listenForMachineChanges(database);
    try {
      await sweepLiveliness(now);
      // Open pages hear of each change (m-fresh was Alive already: no news).
      await expect.poll(() => [...listener.payloads].sort(), { timeout: 5000 }).toEqual(["m-silent-allocated", "m-silent-free"]);
    } finally {
      await listener.close();
    }
    const rows = await database.db.select({ id: machines.id, l: machines.liveliness }).from(machines);
    const by = Object.fromEntries(rows.map((r) => [r.id, r.l]));
    expect(by["m-fresh"]).toBe("Alive");
    expect(by["m-silent-free"]).toBe("Dead");
    expect(by["m-silent-allocated"]).toBe("Unknown");
    expect(await sweepLiveliness(now)).toBe(0); // nothing changes twice
  });

  it("marks a machine stuck installing as failed with the reason, once", async () => {
    const now = new Date();
    await machineWith("m-stuck", [["PXE Booting", 40], ["Preparing", 39], ["Registering", 38], ["Waiting", 37], ["Installing", 16]], now);
    await machineWith("m-installing", [["PXE Booting", 40], ["Preparing", 39], ["Registering", 38], ["Waiting", 37], ["Installing", 3]], now);
    expect(await sweepTimeouts(now)).toEqual(["m-stuck"]);
    const [p] = await database.db.select().from(machineProvisioning).where(eq(machineProvisioning.machineId, "m-stuck"));
    expect(p.failedReason).toBe("Installing for more than 15 min");
    expect(await sweepTimeouts(now)).toEqual([]);
  });
});
