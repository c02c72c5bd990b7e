import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { and, eq, inArray } from "drizzle-orm";
import type { Database } from "@/lib/db/client";
import { auditEntries, images, ips, machineAllocations, machines, poolValues } from "@/lib/db/schema";
import { ASN_BASE } from "@/lib/domain/ipam";
import { toProblem } from "@/lib/http/problem";
import { deleteSizeImageConstraint, putSizeImageConstraint } from "@/lib/services/catalog/size-image-constraints";
import { createReservation, deleteReservation } from "@/lib/services/catalog/size-reservations";
import { createPartition } from "@/lib/services/catalog/partitions";
import { partitionInput, rejects } from "@/lib/services/catalog/test-support";
import { createNetwork } from "@/lib/services/networks/networks";
import { updateProject } from "@/lib/services/projects";
import { withConnections } from "@/lib/test/concurrency";
import { freshDatabase, testEngines } from "@/lib/test/databases";
import { makeProject, makeTenant, makeUser, operator } from "@/lib/test/fixtures";
import { allocateMachine } from "./allocation";
import { getMachine } from "./machines";
import { notifyMachineChanged } from "./notify";
import {
  allocation, allocationCounts, BIG_SIZE, IMAGE, insertWaitingMachine, insertWaitingMachines, LAYOUT, listenForMachineChanges,
  PARTITION, resetMachines, setupCatalog,
} from "./allocation.fixtures";

describe.each(testEngines())("machine allocation on %s", (engine) => {
  let database: Database;
  let cleanup: () => Promise<void>;
  let acmeId: string;
  let web: { id: string };
  let owner: Awaited<ReturnType<typeof makeUser>>;
  let foreign: Awaited<ReturnType<typeof makeUser>>;
  let webNetwork: string;
  let globexNetwork: string;
  let globexAppId: string;

  const db = () => database.db;
  const privateNet = (actor: typeof owner, projectId: string, extra: object = {}) =>
    createNetwork(actor, { kind: "private", projectId, partitionId: PARTITION, name: "net", description: "", labels: {}, ...extra });
  /** A project of acme with its own private network in the partition. */
  const projectWithNetwork = async (name: string) => {
    const p = await makeProject(acmeId, name);
    await privateNet(owner, p.id);
    return p;
  };

  beforeAll(async () => {
    ({ database, cleanup } = await freshDatabase(engine));
    await setupCatalog();
    const acme = await makeTenant("acme");
    const globex = await makeTenant("globex");
    acmeId = acme.id;
    web = await makeProject(acme.id, "web");
    const globexApp = await makeProject(globex.id, "app");
    owner = await makeUser("owner@acme", ["acme-owners"]);
    foreign = await makeUser("owner@globex", ["globex-owners"]);
    webNetwork = (await privateNet(owner, web.id)).id;
    globexNetwork = (await privateNet(foreign, globexApp.id)).id;
    globexAppId = globexApp.id;
  });
  afterAll(async () => cleanup?.());
  beforeEach(async () => resetMachines(db()));

  it("allocates a waiting machine: allocation, dual-stack IPs bound to it, an ASN, an audit entry, one NOTIFY", async () => {
    await insertWaitingMachines(db(), 3);
    const listener = await listenForMachineChanges(database);
    try {
      const m = await allocateMachine(owner, allocation(web.id, { name: "db-1", hostname: "db-1", sshPublicKeys: ["ssh-ed25519 AAAAC3Nz test"], tags: ["prod"] }));
      expect(m.allocation).toMatchObject({ projectId: web.id, hostname: "db-1", name: "db-1", imageId: IMAGE, filesystemLayoutId: LAYOUT, tags: ["prod"], succeeded: false, reinstall: false });
      const net = m.allocation!.networks;
      expect(net).toHaveLength(1);
      expect(net[0]).toMatchObject({ networkId: webNetwork, primary: true });
      expect(net[0].addresses).toEqual([expect.stringMatching(/^10\.0\./), expect.stringMatching(/^fd00:10:/)]);
      expect(m.allocation!.asn).toBeGreaterThan(ASN_BASE);

      const [row] = await db().select().from(machines).where(eq(machines.id, m.id));
      expect(row).toMatchObject({ projectId: web.id, imageId: IMAGE, filesystemLayoutId: LAYOUT });
      const [alloc] = await db().select().from(machineAllocations).where(eq(machineAllocations.machineId, m.id));
      expect(alloc).toMatchObject({ creator: "owner@acme", sshPublicKeys: ["ssh-ed25519 AAAAC3Nz test"], role: "machine" });
      const machineIps = await db().select().from(ips).where(eq(ips.machineId, m.id));
      expect(machineIps.map((i) => i.address).sort()).toEqual([...net[0].addresses].sort());
      expect(machineIps.every((i) => i.kind === "ephemeral" && i.projectId === web.id)).toBe(true);
      const [asn] = await db().select().from(poolValues).where(and(eq(poolValues.pool, "asn"), eq(poolValues.owner, m.id)));
      expect(ASN_BASE + asn.value).toBe(m.allocation!.asn);
      const audit = await db().select().from(auditEntries).where(and(eq(auditEntries.targetType, "machine"), eq(auditEntries.targetId, m.id)));
      expect(audit.map((a) => [a.action, a.projectId, a.tenantId])).toEqual([["machine.allocate", web.id, acmeId]]);
      await expect.poll(() => listener.payloads, { timeout: 5000 }).toEqual([m.id]);
    } finally {
      await listener.close();
    }
  });

  it("answers the machine as it was written: the DTO, the machine read back and the audit snapshot agree (pool and explicit id)", async () => {
    // The allocation composes its answer from what it claimed and wrote instead of reading the
    // machine back (issue 14): this is what keeps the two from drifting apart.
    const [, explicitId] = await insertWaitingMachines(db(), 2);
    const extra = { name: "n", description: "d", sshPublicKeys: ["ssh-ed25519 AAAAC3Nz test"], userdata: "#cloud-config", tags: ["a", "b"] };
    for (const m of [
      await allocateMachine(owner, allocation(web.id, { hostname: "explicit-1", machineId: explicitId, ...extra })),
      await allocateMachine(owner, allocation(web.id, { hostname: "pool-1", ...extra })),
    ]) {
      expect(m).toEqual(await getMachine(owner, m.id));
      const [entry] = await db().select().from(auditEntries).where(and(eq(auditEntries.action, "machine.allocate"), eq(auditEntries.targetId, m.id)));
      expect(entry.after).toEqual(m);
      const [alloc] = await db().select().from(machineAllocations).where(eq(machineAllocations.machineId, m.id));
      expect(alloc).toMatchObject({ sshPublicKeys: extra.sshPublicKeys, userdata: extra.userdata, creator: "owner@acme", role: "machine", bootInfo: null });
      const rows = await db().select().from(ips).where(eq(ips.machineId, m.id));
      expect(rows.map((r) => r.id).sort()).toEqual([...alloc.networks[0].ipIds].sort());
      expect(rows.map((r) => r.address).sort()).toEqual([...m.allocation!.networks[0].addresses].sort());
      expect(rows.every((r) => r.name === m.allocation!.hostname && r.description === `machine ${m.id}` && r.tags.length === 0)).toBe(true);
    }
  });

  it("refuses bad images with a 422 on body.image and writes nothing", async () => {
    await insertWaitingMachines(db(), 2);
    await db().update(images).set({ expiresAt: new Date(Date.now() - 86_400_000) }).where(eq(images.id, "ubuntu-22.04.20250101"));
    const before = await allocationCounts(db());
    const expired = await rejects(allocateMachine(owner, allocation(web.id, { image: "ubuntu-22.04" })));
    await db().update(images).set({ expiresAt: null }).where(eq(images.id, "ubuntu-22.04.20250101"));
    expect(expired).toMatchObject({ status: 422, errors: [{ field: "body.image", message: expect.stringContaining("expired") }] });
    const unknown = await rejects(allocateMachine(owner, allocation(web.id, { image: "centos-9" })));
    expect(unknown).toMatchObject({ status: 422, errors: [{ field: "body.image", message: "no image centos-9.x" }] });
    const firewall = await rejects(allocateMachine(owner, allocation(web.id, { image: "firewall-ubuntu-3.0" })));
    expect(firewall).toMatchObject({ status: 422, errors: [{ field: "body.image", message: expect.stringContaining("not for machines") }] });
    expect(await allocationCounts(db())).toEqual(before);
  });

  it("enforces the size–image constraint of the size (422), other sizes and unlisted systems are free", async () => {
    await insertWaitingMachines(db(), 1);
    await putSizeImageConstraint(operator, "c1-large", { images: { ubuntu: ">= 24.4" } });
    try {
      const old = await rejects(allocateMachine(owner, allocation(web.id, { image: "ubuntu-22.04" })));
      expect(old).toMatchObject({ status: 422, errors: [{ field: "body.image", message: expect.stringContaining("accepts ubuntu >= 24.4 only") }] });
      expect((await allocateMachine(owner, allocation(web.id, { image: "ubuntu-24.04" }))).allocation!.imageId).toBe(IMAGE);
    } finally {
      await deleteSizeImageConstraint(operator, "c1-large");
    }
  });

  it("needs a filesystem layout: none matching is a 422, a named one is used", async () => {
    const [id] = await insertWaitingMachines(db(), 1);
    const none = await rejects(allocateMachine(owner, allocation(web.id, { image: "debian-12" })));
    expect(none).toMatchObject({ status: 422, errors: [{ field: "body.filesystemLayoutId", message: expect.stringContaining("no filesystem layout is defined for size c1-large") }] });
    const unknown = await rejects(allocateMachine(owner, allocation(web.id, { image: "debian-12", filesystemLayoutId: "nope" })));
    expect(unknown).toMatchObject({ status: 422, errors: [{ field: "body.filesystemLayoutId" }] });
    const named = await allocateMachine(owner, allocation(web.id, { image: "debian-12", filesystemLayoutId: LAYOUT }));
    expect(named).toMatchObject({ id, allocation: { imageId: "debian-12.0.20260101", filesystemLayoutId: LAYOUT } });
  });

  it("needs exactly one usable private network (422 otherwise); a named private-shared one and external ones join", async () => {
    await insertWaitingMachines(db(), 2);
    const lonely = await makeProject(acmeId, "lonely");
    const none = await rejects(allocateMachine(owner, allocation(lonely.id)));
    expect(none).toMatchObject({ status: 422, errors: [{ field: "body.networkId", message: expect.stringContaining("no private network") }] });
    const twice = await projectWithNetwork("twice");
    await privateNet(owner, twice.id);
    expect(await rejects(allocateMachine(owner, allocation(twice.id)))).toMatchObject({ status: 422, errors: [{ field: "body.networkId", message: expect.stringContaining("2 private networks") }] });
    expect(await rejects(allocateMachine(owner, allocation(web.id, { networkId: globexNetwork })))).toMatchObject({ status: 422, errors: [{ field: "body.networkId", message: "no such network" }] });
    const shared = await privateNet(foreign, globexAppId, { kind: "private-shared" });
    const external = await createNetwork(operator, {
      kind: "external", name: "internet", prefixes: ["203.0.113.0/24"], description: "", destinationPrefixes: ["0.0.0.0/0"],
      defaultChildPrefixLength: {}, minChildPrefixLength: {}, nat: "ipv4-masq", allowedProjectIds: [web.id], labels: {},
    });
    expect(await rejects(allocateMachine(owner, allocation(lonely.id, { networkId: shared.id, externalNetworkIds: [external.id] }))))
      .toMatchObject({ status: 422, errors: [{ field: "body.externalNetworkIds.0", message: expect.stringContaining("may not use") }] });
    const m = await allocateMachine(owner, allocation(lonely.id, { networkId: shared.id }));
    expect(m.allocation!.networks).toMatchObject([{ networkId: shared.id, primary: true }]);
    const withExternal = await allocateMachine(owner, allocation(web.id, { externalNetworkIds: [external.id] }));
    expect(withExternal.allocation!.networks).toMatchObject([{ networkId: webNetwork, primary: true }, { networkId: external.id, primary: false, addresses: ["203.0.113.1"] }]);
  });

  it("refuses a foreign or read-only project as a field error", async () => {
    await insertWaitingMachines(db(), 1);
    expect(await rejects(allocateMachine(foreign, allocation(web.id)))).toMatchObject({ status: 422, errors: [{ field: "body.projectId", message: "no such project" }] });
    const viewer = await makeUser("viewer@acme", ["acme-viewers"]);
    expect(await rejects(allocateMachine(viewer, allocation(web.id)))).toMatchObject({ status: 422, errors: [{ field: "body.projectId" }] });
  });

  it("enforces the project's machine quota with a 409", async () => {
    await insertWaitingMachines(db(), 3);
    const small = await projectWithNetwork("small");
    await updateProject(operator, small.id, { quotas: { machines: 1 } });
    await allocateMachine(owner, allocation(small.id));
    expect(await rejects(allocateMachine(owner, allocation(small.id)))).toMatchObject({ status: 409, code: "quota_exceeded" });
  });

  it("answers 409 no_machine_available when the pool is empty, and rolls everything back", async () => {
    await insertWaitingMachines(db(), 1, { sizeId: BIG_SIZE, hardware: {} });
    const listener = await listenForMachineChanges(database);
    try {
      const before = await allocationCounts(db());
      const none = await rejects(allocateMachine(owner, allocation(web.id)));
      expect(none).toMatchObject({ status: 409, code: "no_machine_available", detail: "No machine available of size c1-large in partition fra1." });
      expect(await allocationCounts(db())).toEqual(before);
      // A marker committed after the rollback: notifications arrive in commit order, so once it
      // is here, anything the rolled-back allocation had sent would be here too.
      await notifyMachineChanged(db(), "marker");
      await vi.waitFor(() => expect(listener.payloads).toContain("marker"), { timeout: 10_000, interval: 20 });
      expect(listener.payloads).toEqual(["marker"]); // a rolled-back allocation wakes no agent
    } finally {
      await listener.close();
    }
  });

  it("never picks locked, tainted, dead, unknown, crash-looping, failed-reclaim, booting or other-partition machines", async () => {
    const unfit = [
      { condition: "LOCKED" as const }, { condition: "TAINTED" as const }, { liveliness: "Dead" as const }, { liveliness: "Unknown" as const },
      { crashLoop: true }, { failedReclaim: true }, { provisioningState: "Preparing" }, { sizeId: BIG_SIZE },
    ];
    for (const o of unfit) await insertWaitingMachine(db(), o);
    expect(await rejects(allocateMachine(owner, allocation(web.id)))).toMatchObject({ status: 409, code: "no_machine_available" });
    const good = await insertWaitingMachine(db());
    expect((await allocateMachine(owner, allocation(web.id))).id).toBe(good);
  });

  it("respects size reservations: others only take what is left, the reserving project takes its share", async () => {
    await insertWaitingMachines(db(), 2);
    const reserved = await projectWithNetwork("reserved");
    const r = await createReservation(operator, { sizeId: "c1-large", projectId: reserved.id, partitionIds: [PARTITION], amount: 1, description: "" });
    try {
      await allocateMachine(owner, allocation(web.id)); // 2 waiting, 1 reserved: one is free
      const held = await rejects(allocateMachine(owner, allocation(web.id)));
      expect(held).toMatchObject({ status: 409, code: "no_machine_available", detail: expect.stringContaining("reserved for other projects") });
      expect((await allocateMachine(owner, allocation(reserved.id))).allocation!.projectId).toBe(reserved.id);
      await insertWaitingMachine(db()); // the reservation is used up: the next machine is anyone's
      expect((await allocateMachine(owner, allocation(web.id))).allocation!.projectId).toBe(web.id);
    } finally {
      await resetMachines(db());
      await deleteReservation(operator, r.id);
    }
  });

  it("spreads a project's machines over racks", async () => {
    const rackA = await insertWaitingMachines(db(), 3, { rack: "rack-a" });
    const rackB = await insertWaitingMachines(db(), 3, { rack: "rack-b" });
    const spread = await projectWithNetwork("spread");
    const racks = [];
    for (let i = 0; i < 4; i++) {
      const m = await allocateMachine(owner, allocation(spread.id));
      racks.push(m.rack);
      expect(rackA.includes(m.id) ? "rack-a" : rackB.includes(m.id) ? "rack-b" : "?").toBe(m.rack);
    }
    expect(new Set(racks.slice(0, 2))).toEqual(new Set(["rack-a", "rack-b"]));
    expect(racks.filter((r) => r === "rack-a")).toHaveLength(2);
  });

  it("allocates an explicit machine id, checking that it is free and matches", async () => {
    const [first] = await insertWaitingMachines(db(), 2);
    const booting = await insertWaitingMachine(db(), { provisioningState: "Registering" });
    const locked = await insertWaitingMachine(db(), { condition: "LOCKED" });
    const big = await insertWaitingMachine(db(), { sizeId: BIG_SIZE, hardware: {} });
    // Explicit ids skip the pool: a machine still registering can be taken.
    expect((await allocateMachine(owner, allocation(web.id, { machineId: booting }))).id).toBe(booting);
    expect((await allocateMachine(owner, allocation(web.id, { machineId: first, sizeId: undefined }))).id).toBe(first);
    expect(await rejects(allocateMachine(owner, allocation(web.id, { machineId: first })))).toMatchObject({ status: 409, code: "machine_allocated" });
    expect(await rejects(allocateMachine(owner, allocation(web.id, { machineId: locked })))).toMatchObject({ status: 409, code: "machine_locked" });
    expect(await rejects(allocateMachine(owner, allocation(web.id, { machineId: big })))).toMatchObject({ status: 422, errors: [{ field: "body.machineId", message: expect.stringContaining("of size c2-xlarge") }] });
    expect(await rejects(allocateMachine(owner, allocation(web.id, { machineId: "no-such-machine" })))).toMatchObject({ status: 422, errors: [{ field: "body.machineId" }] });
    await createPartition(operator, partitionInput("ber1"));
    const elsewhere = await insertWaitingMachine(db(), { partitionId: "ber1" });
    expect(await rejects(allocateMachine(owner, allocation(web.id, { machineId: elsewhere })))).toMatchObject({ status: 422, errors: [{ field: "body.machineId", message: expect.stringContaining("is in partition ber1, not fra1") }] });
    expect(await rejects(allocateMachine(owner, allocation(web.id, { machineId: elsewhere, partitionId: "nowhere" })))).toMatchObject({ status: 422, errors: [{ field: "body.partitionId" }] });
  });

  it("answers a machine of another tenant exactly as an unknown id (no existence oracle)", async () => {
    const [theirs] = await insertWaitingMachines(db(), 2);
    await allocateMachine(foreign, allocation(globexAppId, { machineId: theirs }));
    const answer = async (machineId: string) => {
      const problem = toProblem(await allocateMachine(owner, allocation(web.id, { machineId })).then(() => null, (e: unknown) => e));
      return JSON.parse(JSON.stringify(problem).replaceAll(machineId, "<id>"));
    };
    const unknown = await answer("01234567-89ab-cdef-0123-456789abcdef");
    expect(unknown).toMatchObject({ status: 422, errors: [{ field: "body.machineId" }] });
    expect(await answer(theirs)).toEqual(unknown);
    // The owner's own tenant still learns why its own machine cannot be taken.
    expect(await rejects(allocateMachine(foreign, allocation(globexAppId, { machineId: theirs })))).toMatchObject({ status: 409, code: "machine_allocated" });
  });

  it("refuses a layout that does not fit the machine's disks", async () => {
    await insertWaitingMachine(db(), { hardware: { cpus: [{ model: "x", cores: 12 }], memoryBytes: 1, disks: [{ name: "/dev/nvme0n1", sizeBytes: 1e12 }], gpus: [] } });
    const p = await rejects(allocateMachine(owner, allocation(web.id)));
    expect(p).toMatchObject({ status: 422, errors: [{ field: "body.filesystemLayoutId", message: expect.stringContaining("has no disk /dev/sda") }] });
    expect((await allocationCounts(db())).allocations).toBe(0);
  });

  it.runIf(engine === "postgres")("100 concurrent allocations for 50 waiting machines: exactly 50 win, 50 clean 409s, nothing twice, no debris", async () => {
    const pool = await insertWaitingMachines(db(), 50);
    const race = await projectWithNetwork("race");
    const before = await allocationCounts(db());
    const { result: results, opened } = await withConnections(database, 100, () =>
      Promise.allSettled(Array.from({ length: 100 }, (_, i) => allocateMachine(owner, allocation(race.id, { hostname: `race-${i}` })))));
    expect(opened).toBe(100); // 100 allocations in flight at once, not 20 at a time
    const won = results.flatMap((r) => (r.status === "fulfilled" ? [r.value] : []));
    const lost = results.flatMap((r) => (r.status === "rejected" ? [toProblem(r.reason)] : []));
    expect(won).toHaveLength(50);
    expect(new Set(won.map((m) => m.id)).size).toBe(50);
    expect(new Set(won.map((m) => m.id))).toEqual(new Set(pool));
    expect(lost.map((p) => `${p.status} ${p.code}`)).toEqual(Array(50).fill("409 no_machine_available"));
    const addresses = won.flatMap((m) => m.allocation!.networks.flatMap((n) => n.addresses));
    expect(addresses).toHaveLength(100);
    expect(new Set(addresses).size).toBe(100);
    expect(new Set(won.map((m) => m.allocation!.asn)).size).toBe(50);
    const after = await allocationCounts(db());
    expect(after).toEqual({
      allocations: before.allocations + 50, allocatedMachines: before.allocatedMachines + 50, machineIps: before.machineIps + 100,
      ipamIps: before.ipamIps + 100, ipRows: before.ipRows + 100, asns: before.asns + 50,
    });
    const bound = await db().select({ machineId: ips.machineId }).from(ips).where(inArray(ips.machineId, pool));
    expect(bound).toHaveLength(100);
  }, 60_000);
});
