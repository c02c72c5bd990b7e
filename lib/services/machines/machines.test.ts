import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import type { Database } from "@/lib/db/client";
import { auditEntries, ipamIps, ips, machineAllocations, machineProvisioning, machines, poolValues } from "@/lib/db/schema";
import { applyEvent, provisioningContainerSchema } from "@/lib/domain/lifecycle";
import { rejects } from "@/lib/services/catalog/test-support";
import { deleteSizeImageConstraint, putSizeImageConstraint } from "@/lib/services/catalog/size-image-constraints";
import { getIp, updateIp } from "@/lib/services/networks/ips";
import { createNetwork } from "@/lib/services/networks/networks";
import { freshDatabase, testEngines } from "@/lib/test/databases";
import { makeProject, makeTenant, makeUser, operator } from "@/lib/test/fixtures";
import { allocateMachine } from "./allocation";
import { freeMachine } from "./allocation-release";
import { reinstallMachine } from "./allocation-reinstall";
import { allocation, IMAGE, insertWaitingMachine, insertWaitingMachines, listenForMachineChanges, OLDER_IMAGE, PARTITION, provisioningOf, resetMachines, setupCatalog } from "./allocation.fixtures";
import { deleteMachine, getMachine, getMachineEvents, listMachines, setMachineCondition, updateMachine } from "./machines";

const bootInfo = { primaryDisk: "/dev/sda", osPartition: "/dev/sda2", kernel: "/boot/vmlinuz", initrd: "/boot/initrd.img", cmdline: "console=ttyS0", bootloaderId: "ubuntu" };

describe.each(testEngines())("machines: free, reinstall, operator actions, listing on %s", (engine) => {
  let database: Database;
  let cleanup: () => Promise<void>;
  let web: { id: string };
  let owner: Awaited<ReturnType<typeof makeUser>>;
  let viewer: Awaited<ReturnType<typeof makeUser>>;
  let foreign: Awaited<ReturnType<typeof makeUser>>;
  const db = () => database.db;
  const allocate = async (extra = {}) => allocateMachine(owner, allocation(web.id, extra));
  const container = async (id: string) => provisioningContainerSchema.parse((await provisioningOf(db(), id)).container);

  beforeAll(async () => {
    ({ database, cleanup } = await freshDatabase(engine));
    await setupCatalog();
    const acme = await makeTenant("acme");
    const globex = await makeTenant("globex");
    web = await makeProject(acme.id, "web");
    await makeProject(globex.id, "app");
    owner = await makeUser("owner@acme", ["acme-owners"]);
    viewer = await makeUser("viewer@acme", ["acme-viewers"]);
    foreign = await makeUser("owner@globex", ["globex-owners"]);
    await createNetwork(owner, { kind: "private", projectId: web.id, partitionId: PARTITION, name: "net", description: "", labels: {} });
  });
  afterAll(async () => cleanup?.());
  beforeEach(async () => resetMachines(db()));

  it("frees a machine: ephemeral IPs and the ASN go back, a static IP stays detached, Machine Reclaim is recorded, the agent is woken", async () => {
    await insertWaitingMachines(db(), 2);
    const m = await allocate();
    const [v4, v6] = m.allocation!.networks[0].addresses;
    const [kept] = await db().select().from(ips).where(and(eq(ips.machineId, m.id), eq(ips.address, v4)));
    await updateIp(owner, kept.id, { kind: "static" });
    const listener = await listenForMachineChanges(database);
    try {
      const freed = await freeMachine(owner, m.id);
      expect(freed).toMatchObject({ id: m.id, allocation: null, state: "Machine Reclaim" });
      await expect.poll(() => listener.payloads, { timeout: 5000 }).toEqual([m.id]);
    } finally {
      await listener.close();
    }
    expect(await getIp(owner, kept.id)).toMatchObject({ address: v4, kind: "static", machineId: null, projectId: web.id });
    expect(await db().select().from(ips).where(eq(ips.address, v6))).toEqual([]);
    const ipamAddresses = await db().select().from(ipamIps);
    expect(ipamAddresses).toHaveLength(1); // only the static address is still taken
    expect(await db().select().from(poolValues).where(eq(poolValues.owner, m.id))).toEqual([]);
    expect(await db().select().from(machineAllocations).where(eq(machineAllocations.machineId, m.id))).toEqual([]);
    const [row] = await db().select().from(machines).where(eq(machines.id, m.id));
    expect(row).toMatchObject({ projectId: null, imageId: null, filesystemLayoutId: null, provisioningState: "Machine Reclaim" });
    const c = await container(m.id);
    expect(c.events[0]).toMatchObject({ event: "Machine Reclaim", message: "freed by owner@acme" });
    expect(c.events[0].unexpectedIn).toBeUndefined();
    expect(c.events.map((e) => e.event)).toEqual(["Machine Reclaim", "Waiting", "Registering", "Preparing", "PXE Booting"]);
    // Freed: the tenant no longer sees it; the audit records what was released.
    expect((await rejects(getMachine(owner, m.id))).status).toBe(404);
    const [audit] = await db().select().from(auditEntries).where(and(eq(auditEntries.targetId, m.id), eq(auditEntries.action, "machine.free")));
    expect(audit.after).toMatchObject({ releasedIps: [v6], keptStaticIps: [v4] });
    // The machine can be allocated again once it is Waiting again; its freed addresses are reusable.
    const again = await allocateMachine(owner, allocation(web.id, { machineId: m.id }));
    expect(again.allocation!.networks[0].addresses).not.toContain(v4);
  });

  it("refuses to free, reinstall or delete a LOCKED machine; operators lock and taint with a reason", async () => {
    await insertWaitingMachines(db(), 1);
    const m = await allocate();
    expect((await rejects(setMachineCondition(owner, m.id, { condition: "LOCKED", reason: "mine" }))).status).toBe(403);
    expect((await rejects(setMachineCondition(foreign, m.id, { condition: "LOCKED", reason: "" }))).status).toBe(404);
    const locked = await setMachineCondition(operator, m.id, { condition: "LOCKED", reason: "disk replacement" });
    expect(locked).toMatchObject({ condition: "LOCKED", conditionReason: "disk replacement" });
    const free = await rejects(freeMachine(owner, m.id));
    expect(free).toMatchObject({ status: 409, code: "machine_locked", detail: expect.stringContaining("disk replacement") });
    expect(await rejects(reinstallMachine(owner, m.id, { image: OLDER_IMAGE }))).toMatchObject({ status: 409, code: "machine_locked" });
    expect((await getMachine(owner, m.id)).allocation).not.toBeNull();
    const [audit] = await db().select().from(auditEntries).where(and(eq(auditEntries.targetId, m.id), eq(auditEntries.action, "machine.condition")));
    expect(audit).toMatchObject({ actorName: "test-operator", after: { condition: "LOCKED", reason: "disk replacement", issuer: "test-operator" } });
    await setMachineCondition(operator, m.id, { condition: "TAINTED", reason: "flaky NIC" });
    expect((await freeMachine(owner, m.id)).condition).toBe("TAINTED");
  });

  it("deletes only free, Dead, unlocked machines, and only for operators", async () => {
    const alive = await insertWaitingMachine(db());
    const dead = await insertWaitingMachine(db(), { liveliness: "Dead" });
    const lockedDead = await insertWaitingMachine(db(), { liveliness: "Dead", condition: "LOCKED" });
    expect((await rejects(deleteMachine(owner, dead))).status).toBe(404); // free machines are operators' business
    expect(await rejects(deleteMachine(operator, alive))).toMatchObject({ status: 409, code: "machine_not_dead" });
    expect(await rejects(deleteMachine(operator, lockedDead))).toMatchObject({ status: 409, code: "machine_locked" });
    const allocated = await allocate();
    await db().update(machines).set({ liveliness: "Dead" }).where(eq(machines.id, allocated.id));
    expect(await rejects(deleteMachine(operator, allocated.id))).toMatchObject({ status: 409, code: "machine_allocated" });
    await deleteMachine(operator, dead);
    expect(await db().select().from(machines).where(eq(machines.id, dead))).toEqual([]);
    expect(await db().select().from(machineProvisioning).where(eq(machineProvisioning.machineId, dead))).toEqual([]);
    expect((await rejects(getMachine(operator, dead))).status).toBe(404);
  });

  it("reinstalls with a new image: Planned Reboot first, reinstall flag, previous boot info kept, agent woken", async () => {
    await insertWaitingMachines(db(), 1);
    const m = await allocate();
    await db().update(machineAllocations).set({ bootInfo, succeeded: true }).where(eq(machineAllocations.machineId, m.id));
    const listener = await listenForMachineChanges(database);
    try {
      const r = await reinstallMachine(owner, m.id, { image: "ubuntu-24.04.20260101" });
      expect(r.allocation).toMatchObject({ imageId: OLDER_IMAGE, reinstall: true, succeeded: false, networks: m.allocation!.networks, asn: m.allocation!.asn });
      expect(r.state).toBe("Planned Reboot");
      await expect.poll(() => listener.payloads, { timeout: 5000 }).toEqual([m.id]);
    } finally {
      await listener.close();
    }
    const [alloc] = await db().select().from(machineAllocations).where(eq(machineAllocations.machineId, m.id));
    expect(alloc).toMatchObject({ previousBootInfo: bootInfo, bootInfo, imageId: OLDER_IMAGE });
    expect((await db().select().from(machines).where(eq(machines.id, m.id)))[0].imageId).toBe(OLDER_IMAGE);
    const c = await container(m.id);
    expect(c.events[0]).toMatchObject({ event: "Planned Reboot", message: "reinstall" });
    // The reboot that follows is expected: no crash-loop evidence.
    const next = applyEvent(c, { event: "PXE Booting", time: new Date() });
    expect(next.effects.some((e) => e.kind === "invalidTransition")).toBe(false);
    expect(next.container.crashLoop).toBe(false);
  });

  it("checks the new image like an allocation does (422) and refuses machines that are not allocated (409)", async () => {
    const ids = await insertWaitingMachines(db(), 2);
    const m = await allocate();
    const free = ids.find((id) => id !== m.id)!;
    expect(await rejects(reinstallMachine(owner, m.id, { image: "firewall-ubuntu-3.0" }))).toMatchObject({ status: 422, errors: [{ field: "body.image" }] });
    expect(await rejects(reinstallMachine(owner, m.id, { image: "centos-9" }))).toMatchObject({ status: 422, errors: [{ field: "body.image" }] });
    expect(await rejects(reinstallMachine(owner, m.id, { image: "debian-12" })))
      .toMatchObject({ status: 422, errors: [{ field: "body.image", message: expect.stringContaining("does not accept debian-12.0.20260101") }] });
    await putSizeImageConstraint(operator, "c1-large", { images: { ubuntu: ">= 24.4" } });
    try {
      expect(await rejects(reinstallMachine(owner, m.id, { image: "ubuntu-22.04" }))).toMatchObject({ status: 422, errors: [{ field: "body.image", message: expect.stringContaining("accepts ubuntu >= 24.4 only") }] });
    } finally {
      await deleteSizeImageConstraint(operator, "c1-large");
    }
    expect((await getMachine(owner, m.id)).allocation).toMatchObject({ imageId: IMAGE, reinstall: false });
    expect(await rejects(reinstallMachine(operator, free, { image: IMAGE }))).toMatchObject({ status: 409, code: "not_allocated" });
    expect((await rejects(reinstallMachine(viewer, m.id, { image: IMAGE }))).status).toBe(403);
  });

  it("hides a tenant's machines from other tenants (404 everywhere) and from its viewers' writes (403)", async () => {
    await insertWaitingMachines(db(), 1);
    const m = await allocate();
    for (const call of [
      () => getMachine(foreign, m.id), () => getMachineEvents(foreign, m.id), () => updateMachine(foreign, m.id, { name: "x" }),
      () => freeMachine(foreign, m.id), () => reinstallMachine(foreign, m.id, { image: IMAGE }), () => deleteMachine(foreign, m.id),
      () => setMachineCondition(foreign, m.id, { condition: "LOCKED", reason: "" }),
    ]) expect((await rejects(call())).status).toBe(404);
    expect((await listMachines(foreign, { limit: 50 })).items).toEqual([]);
    expect((await rejects(freeMachine(viewer, m.id))).status).toBe(403);
    expect((await rejects(updateMachine(viewer, m.id, { name: "x" }))).status).toBe(403);
    expect((await getMachine(viewer, m.id)).id).toBe(m.id);
  });

  it("renames and tags an allocated machine; lists with filters and cursors; shows the history newest first", async () => {
    const ids = await insertWaitingMachines(db(), 3);
    const m = await allocate({ name: "web-1" });
    const renamed = await updateMachine(owner, m.id, { name: "web-01", description: "frontend", tags: ["prod"] });
    expect(renamed.allocation).toMatchObject({ name: "web-01", description: "frontend", tags: ["prod"] });
    expect((await rejects(updateMachine(operator, ids.find((i) => i !== m.id)!, { name: "x" }))).code).toBe("not_allocated");

    expect((await listMachines(owner, { limit: 50 })).items.map((i) => i.id)).toEqual([m.id]);
    expect((await listMachines(owner, { limit: 50, allocated: false })).items).toEqual([]);
    expect((await listMachines(owner, { limit: 50, q: "web-0" })).items.map((i) => i.id)).toEqual([m.id]);
    const all = await listMachines(operator, { limit: 50 });
    expect(all.items.map((i) => i.id).sort()).toEqual([...ids].sort());
    expect((await listMachines(operator, { limit: 50, allocated: false })).items).toHaveLength(2);
    expect((await listMachines(operator, { limit: 50, state: "Waiting", partitionId: PARTITION, sizeId: "c1-large" })).items).toHaveLength(3);
    const first = await listMachines(operator, { limit: 2 });
    const second = await listMachines(operator, { limit: 2, cursor: first.nextCursor! });
    expect([...first.items, ...second.items].map((i) => i.id)).toEqual([...ids].sort());
    expect(second.nextCursor).toBeNull();
    expect(renamed.hardware).toEqual({ cores: 12, memoryBytes: 64 * 1024 ** 3, disks: 1, gpus: 0 });
    expect(JSON.stringify(all)).not.toMatch(/credential|password|userdata/i);

    await freeMachine(owner, m.id);
    const history = await getMachineEvents(operator, m.id);
    expect(history.state).toBe("Machine Reclaim");
    expect(history.items.map((e) => e.event)).toEqual(["Machine Reclaim", "Waiting", "Registering", "Preparing", "PXE Booting"]);
    expect(history.items[0]).toMatchObject({ message: "freed by owner@acme", unexpected: false });
  });
});
