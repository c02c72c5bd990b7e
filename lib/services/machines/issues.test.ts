import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import type { Database } from "@/lib/db/client";
import { bmcCommands, machineBmcs, machineProvisioning } from "@/lib/db/schema";
import { rejects } from "@/lib/services/catalog/test-support";
import { createNetwork } from "@/lib/services/networks/networks";
import { freshDatabase, testEngines } from "@/lib/test/databases";
import { makeProject, makeTenant, makeUser, operator } from "@/lib/test/fixtures";
import { allocateMachine } from "./allocation";
import { allocation, hardware, insertWaitingMachine, PARTITION, resetMachines, setupCatalog } from "./allocation.fixtures";
import { getAdminMachine } from "./inventory";
import { listMachines } from "./machines";

/** The operators' issue filters and the inventory view, on both engines. */
describe.each(testEngines())("machine issues and inventory on %s", (engine) => {
  let database: Database;
  let cleanup: () => Promise<void>;
  let projectId: string;
  let owner: Awaited<ReturnType<typeof makeUser>>;
  let foreign: Awaited<ReturnType<typeof makeUser>>;
  const ids = async (q: Parameters<typeof listMachines>[1], actor = operator) => (await listMachines(actor, q)).items.map((m) => m.id).sort();

  beforeAll(async () => {
    ({ database, cleanup } = await freshDatabase(engine));
    await setupCatalog();
    projectId = (await makeProject((await makeTenant("acme")).id, "web")).id;
    await makeTenant("globex");
    owner = await makeUser("owner@acme", ["acme-owners"]);
    foreign = await makeUser("owner@globex", ["globex-owners"]);
    await createNetwork(owner, { kind: "private", projectId, partitionId: PARTITION, name: "net", description: "", labels: {} });
  });
  afterAll(async () => cleanup?.());
  beforeEach(async () => resetMachines(database.db));

  it("lists each kind of issue, and liveliness, condition and rack filters, to operators only", async () => {
    const db = database.db;
    const healthy = await insertWaitingMachine(db);
    const crashing = await insertWaitingMachine(db, { crashLoop: true, provisioningState: "Crashed" });
    const reclaimFailed = await insertWaitingMachine(db, { failedReclaim: true, rack: "rack-2" });
    const dead = await insertWaitingMachine(db, { liveliness: "Dead", condition: "LOCKED" });
    const unsized = await insertWaitingMachine(db, { sizeId: null });
    const stuck = await insertWaitingMachine(db, { provisioningState: "Installing" });
    await db.update(machineProvisioning).set({ failedReason: "Installing for more than 15 min" }).where(eq(machineProvisioning.machineId, stuck));
    const unknown = (await allocateMachine(owner, allocation(projectId, { machineId: healthy }))).id;
    await db.execute(`update machines set liveliness = 'Unknown' where id = '${unknown}'`);

    expect(await ids({ limit: 50, issue: "crashLoop" })).toEqual([crashing]);
    expect(await ids({ limit: 50, issue: "failedReclaim" })).toEqual([reclaimFailed]);
    expect(await ids({ limit: 50, issue: "dead" })).toEqual([dead]);
    expect(await ids({ limit: 50, issue: "unknown" })).toEqual([unknown]);
    expect(await ids({ limit: 50, issue: "noSize" })).toEqual([unsized]);
    expect(await ids({ limit: 50, issue: "failed" })).toEqual([stuck]);
    expect(await ids({ limit: 50, liveliness: "Alive" })).toEqual([crashing, reclaimFailed, unsized, stuck].sort());
    expect(await ids({ limit: 50, condition: "LOCKED" })).toEqual([dead]);
    expect(await ids({ limit: 50, rack: "rack-2" })).toEqual([reclaimFailed]);
    // Filters only narrow what a caller may see: a tenant's issue list holds its own machines.
    expect(await ids({ limit: 50, issue: "unknown" }, owner)).toEqual([unknown]);
    expect(await ids({ limit: 50, issue: "crashLoop" }, owner)).toEqual([]);
    expect(await ids({ limit: 50, issue: "unknown" }, foreign)).toEqual([]);
  });

  it("lists machines whose BMC info is outdated or whose newest BMC command failed", async () => {
    const db = database.db;
    // Plus one machine without a BMC at all: no BMC is no outdated BMC.
    const [fresh, stale, neverRead, newBmc, failed, recovered] = await Promise.all(Array.from({ length: 7 }, () => insertWaitingMachine(db)));
    const ago = (min: number) => new Date(Date.now() - min * 60_000);
    const bmc = (machineId: string, createdAt: Date, lastPollOkAt: Date | null) => ({ machineId, protocol: "redfish" as const, address: "10.1.0.1", createdAt, lastPollOkAt });
    await db.insert(machineBmcs).values([
      bmc(fresh, ago(60), ago(3)), bmc(stale, ago(60), ago(21)), bmc(neverRead, ago(25), null), bmc(newBmc, ago(2), null),
      bmc(failed, ago(60), ago(1)), bmc(recovered, ago(60), ago(1)),
    ]);
    const command = (machineId: string, status: "succeeded" | "failed", min: number) => ({
      id: `${machineId}-${min}`, machineId, command: "power-cycle" as const, groupId: `${machineId}-${min}`, origin: "user", status, deadline: new Date(), createdAt: ago(min),
    });
    // Order is by insertion (seq), like the executor's: the newest command decides.
    await db.insert(bmcCommands).values([command(failed, "succeeded", 10), command(failed, "failed", 5), command(recovered, "failed", 10), command(recovered, "succeeded", 5)]);

    expect(await ids({ limit: 50, issue: "bmcOutdated" })).toEqual([stale, neverRead].sort());
    expect(await ids({ limit: 50, issue: "bmcCommandFailed" })).toEqual([failed]);
    expect(await ids({ limit: 50, issue: "bmcOutdated" }, owner)).toEqual([]); // free machines: not the tenant's
  });

  it("shows operators the full inventory and the BMC's address, never a password", async () => {
    const stored = {
      ...hardware(16),
      cpus: [{ model: "AMD EPYC 7313", cores: 16, threads: 32 }],
      nics: [{ name: "eth0", mac: "52:54:00:00:00:01", neighbours: [{ switchName: "r01leaf01", port: "Ethernet3" }] }],
      gpus: [{ model: "GA100", vendor: "NVIDIA" }],
      // A report stored with a password by mistake must still never be shown.
      bmc: { address: "10.1.0.17", mac: "aa:bb:cc:00:00:01", protocol: "ipmi", user: "admin", password: "hunter2-bmc-secret", firmwareVersion: "3.1", fru: { vendor: "Supermicro" } },
    };
    const id = await insertWaitingMachine(database.db, { hardware: stored });
    const dto = await getAdminMachine(operator, id);
    expect(dto.inventory).toEqual({
      cpus: [{ model: "AMD EPYC 7313", cores: 16, threads: 32 }],
      memoryBytes: stored.memoryBytes,
      disks: stored.disks,
      nics: stored.nics,
      gpus: [{ model: "GA100", vendor: "NVIDIA" }],
      bmc: { address: "10.1.0.17", mac: "aa:bb:cc:00:00:01", protocol: "ipmi", user: "admin", firmwareVersion: "3.1", fru: { vendor: "Supermicro" } },
    });
    expect(JSON.stringify(dto)).not.toContain("hunter2");
    expect(dto).toMatchObject({ id, state: "Waiting", allocation: null });

    const legacy = await insertWaitingMachine(database.db, { hardware: { cpus: "garbled" } });
    expect((await getAdminMachine(operator, legacy)).inventory).toEqual({ cpus: [], memoryBytes: 0, disks: [], nics: [], gpus: [], bmc: null });

    expect((await rejects(getAdminMachine(owner, id))).status).toBe(404); // free: not the tenant's
    const mine = await allocateMachine(owner, allocation(projectId, { machineId: id }));
    expect((await rejects(getAdminMachine(owner, mine.id))).status).toBe(403);
    expect((await rejects(getAdminMachine(foreign, mine.id))).status).toBe(404);
  });
});
