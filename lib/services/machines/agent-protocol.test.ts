import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import * as registerRoute from "@/app/api/boot/register/route";
import * as eventsRoute from "@/app/api/boot/machines/[id]/events/route";
import * as waitRoute from "@/app/api/boot/machines/[id]/wait/route";
import * as reportRoute from "@/app/api/boot/machines/[id]/report/route";
import * as phoneHomeRoute from "@/app/api/boot/machines/[id]/phone-home/route";
import type { Actor } from "@/lib/auth/principal";
import type { Database } from "@/lib/db/client";
import { auditEntries, machineAllocations, machineProvisioning, machines, type BootInfo } from "@/lib/db/schema";
import { provisioningContainerSchema } from "@/lib/domain/lifecycle";
import { freshDatabase, testEngines } from "@/lib/test/databases";
import { makeProject, makeTenant, makeUser, operator } from "@/lib/test/fixtures";
import { createImage } from "../catalog/images";
import { createLayout } from "../catalog/filesystem-layouts";
import { createPartition } from "../catalog/partitions";
import { createSize } from "../catalog/sizes";
import { imageInput, layoutInput, partitionInput, sizeInput } from "../catalog/test-support";
import { acquireIp } from "../networks/ips";
import { createNetwork } from "../networks/networks";
import { call, machineUuid, registration } from "./agent-test-support";
import { createBootCredential } from "./boot-credentials";
import { machineSubscriberCount, notifyMachineChanged } from "./notify";

const bootInfo = (kernel: string): BootInfo => ({ primaryDisk: "/dev/nvme0n1", osPartition: "/dev/nvme0n1p2", kernel, initrd: "/boot/initrd.img", cmdline: "root=/dev/nvme0n1p2", bootloaderId: "ubuntu" });

describe.each(testEngines())("machine agent protocol on %s", (engine) => {
  let database: Database;
  let cleanup: () => Promise<void>;
  let bootSecret: string;
  let otherPartitionSecret: string;
  let projectId: string;
  let owner: Actor;
  let networkId: string;
  let ip: { id: string; address: string };

  const register = (token: string, body: unknown) => call(registerRoute.POST, { path: "/api/boot/register", token, body });
  const event = (token: string, id: string, event: string, message?: string, generation?: number) =>
    call(eventsRoute.POST, { path: `/api/boot/machines/${id}/events`, token, params: { id }, body: { event, message, generation } });
  const wait = (token: string, id: string, timeoutSeconds?: number, signal?: AbortSignal) =>
    call(waitRoute.GET, { path: `/api/boot/machines/${id}/wait${timeoutSeconds === undefined ? "" : `?timeoutSeconds=${timeoutSeconds}`}`, token, params: { id }, signal });
  const report = (token: string, id: string, body: unknown) => call(reportRoute.POST, { path: `/api/boot/machines/${id}/report`, token, params: { id }, body });
  const phoneHome = (token: string, id: string) => call(phoneHomeRoute.POST, { method: "POST", path: `/api/boot/machines/${id}/phone-home`, token, params: { id } });

  const machineRow = async (id: string) => (await database.db.select().from(machines).where(eq(machines.id, id)))[0];
  const container = async (id: string) => {
    const [row] = await database.db.select().from(machineProvisioning).where(eq(machineProvisioning.machineId, id));
    return { row, container: provisioningContainerSchema.parse(row.container) };
  };
  const allocationRow = async (id: string) => (await database.db.select().from(machineAllocations).where(eq(machineAllocations.machineId, id)))[0];
  /** The generation of the machine's current install, as its wait answer names it. */
  const generationOf = async (id: string) => (await allocationRow(id)).generation;
  /** Events up to Installing, the last one naming the install. */
  const upToInstalling = async (m: { id: string; credential: string }, before: string[]) => {
    for (const e of before) await event(m.credential, m.id, e);
    expect((await event(m.credential, m.id, "Installing", undefined, await generationOf(m.id))).status).toBe(200);
  };

  /** A registered machine and its credential. */
  const registered = async (extra: Parameters<typeof registration>[1] = {}) => {
    const uuid = machineUuid();
    const res = await register(bootSecret, registration(uuid, extra));
    expect(res.status).toBe(200);
    return { id: uuid, credential: res.body.credential as string };
  };

  /** What the allocation service does, reduced to the rows the agent protocol reads. */
  const allocate = async (machineId: string, extra: Partial<typeof machineAllocations.$inferInsert> = {}) => {
    await database.db.transaction(async (t) => {
      await t.insert(machineAllocations).values({
        machineId, projectId, hostname: "web-1", imageId: "ubuntu-24.04.20260101", filesystemLayoutId: "default", asn: 4210000001,
        sshPublicKeys: ["ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl test"], userdata: "#cloud-config\n",
        networks: [{ networkId, ipIds: [ip.id], addresses: [ip.address], vrf: null, primary: true }], ...extra,
      });
      await notifyMachineChanged(t, machineId);
    });
  };

  beforeAll(async () => {
    ({ database, cleanup } = await freshDatabase(engine));
    await createPartition(operator, partitionInput("fra1", { dnsServers: ["10.0.0.53"], ntpServers: ["10.0.0.123"] }));
    await createPartition(operator, partitionInput("ams1"));
    await createSize(operator, sizeInput("c1-large-x86", [48, 64]));
    await createSize(operator, sizeInput("c1-small-x86", [8, 16]));
    await createImage(operator, imageInput("ubuntu-24.04.20260101"));
    await createLayout(operator, layoutInput("default", { sizes: ["c1-large-x86"], images: { ubuntu: ">= 22.04" } }));
    bootSecret = (await createBootCredential(operator, "fra1", { description: "test" })).secret;
    otherPartitionSecret = (await createBootCredential(operator, "ams1", { description: "test" })).secret;
    const acme = await makeTenant("acme");
    projectId = (await makeProject(acme.id, "web")).id;
    owner = await makeUser("owner@acme", ["acme-owners"]);
    await createNetwork(operator, {
      kind: "super", name: "fra1 tenants", partitionId: "fra1", prefixes: ["10.0.0.0/16"], description: "",
      destinationPrefixes: [], defaultChildPrefixLength: { ipv4: 22 }, minChildPrefixLength: { ipv4: 20 }, nat: "none", allowedProjectIds: null, labels: {},
    });
    const net = await createNetwork(owner, { kind: "private", projectId, partitionId: "fra1", name: "net", description: "", labels: {} });
    networkId = net.id;
    ip = await acquireIp(owner, { networkId, projectId, kind: "ephemeral", name: "", description: "", tags: [] });
  });
  afterAll(async () => cleanup?.());

  describe("register", () => {
    it("derives size and rack, stores hardware and the BMC without its password, and issues a machine credential", async () => {
      const uuid = machineUuid().toUpperCase();
      const res = await register(bootSecret, registration(uuid));
      expect(res.status).toBe(200);
      const id = uuid.toLowerCase();
      expect(res.body).toMatchObject({ machineId: id, partitionId: "fra1", sizeId: "c1-large-x86", rack: "r01" });
      expect(res.body.credential).toMatch(/^mmc_[A-Za-z0-9_-]{43}$/);

      const m = await machineRow(id);
      expect(m).toMatchObject({ partitionId: "fra1", sizeId: "c1-large-x86", rack: "r01", provisioningState: "Initial" });
      const hw = m.hardware as { cpus: unknown[]; nics: { mac: string; neighbours: unknown[] }[]; bmc: Record<string, unknown> };
      expect(hw.cpus).toHaveLength(2);
      expect(hw.nics.map((n) => n.neighbours.length)).toEqual([1, 1]);
      expect(hw.bmc).toMatchObject({ address: "10.1.0.17", user: "admin", protocol: "ipmi", firmwareVersion: "3.1" });
      expect(hw.bmc).not.toHaveProperty("password");
      expect(JSON.stringify(m)).not.toContain("hunter2");

      const { row, container: c } = await container(id);
      expect(c).toMatchObject({ state: "Initial", events: [], crashLoop: false });
      expect(row.credentialHash).toMatch(/^[0-9a-f]{64}$/);
      const audit = await database.db.select().from(auditEntries).where(eq(auditEntries.targetId, id));
      expect(audit.map((a) => a.action)).toEqual(["machine.register"]);
      expect(JSON.stringify(audit)).not.toContain(res.body.credential);
      expect(JSON.stringify(audit)).not.toContain("hunter2");
    });

    it("takes an explicit rack over LLDP, and leaves unknown hardware unsized", async () => {
      const uuid = machineUuid();
      const small = registration(uuid, { rack: "lab-a" });
      small.hardware.cpus = [{ model: "Intel Atom", cores: 4 }];
      const res = await register(bootSecret, small);
      expect(res.body).toMatchObject({ sizeId: null, rack: "lab-a" });
      expect((await machineRow(uuid)).sizeId).toBeNull();
    });

    it("refuses malformed hardware with 422 naming the field, and writes nothing", async () => {
      const uuid = machineUuid();
      const bad = registration(uuid);
      bad.hardware.cpus[0].cores = -1;
      const res = await register(bootSecret, bad);
      expect(res.status).toBe(422);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(["body.hardware.cpus.0.cores"]);
      const badMac = registration(uuid);
      badMac.hardware.nics![0].mac = "nope";
      expect((await register(bootSecret, badMac)).body.errors.map((e: { field: string }) => e.field)).toEqual(["body.hardware.nics.0.mac"]);
      expect((await register(bootSecret, { ...registration(uuid), uuid: "not-a-uuid" })).body.errors[0].field).toBe("body.uuid");
      expect(await machineRow(uuid)).toBeUndefined();
    });

    it("rotates the machine credential on every registration; the old one stops working", async () => {
      const m = await registered();
      const again = await register(m.credential, registration(m.id, { rack: "r02" }));
      expect(again.status).toBe(200);
      expect(again.body.credential).not.toBe(m.credential);
      expect(again.body.rack).toBe("r02");
      expect((await event(m.credential, m.id, "Alive")).status).toBe(401);
      expect((await event(again.body.credential, m.id, "Alive")).status).toBe(200);
      const actions = await database.db.select({ action: auditEntries.action }).from(auditEntries).where(eq(auditEntries.targetId, m.id));
      expect(actions.map((a) => a.action).sort()).toEqual(["machine.register", "machine.reregister"]);
    });

    it("refuses a machine of another partition (409) and another machine's credential (403)", async () => {
      const m = await registered();
      const elsewhere = await register(otherPartitionSecret, registration(m.id));
      expect(elsewhere.status).toBe(409);
      expect(elsewhere.body.code).toBe("machine_in_other_partition");
      expect((await machineRow(m.id)).partitionId).toBe("fra1");
      const other = await registered();
      expect((await register(other.credential, registration(m.id))).status).toBe(403);
    });
  });

  describe("events", () => {
    it("walks PXE Booting → Preparing → Registering → Waiting and mirrors the state into the machine", async () => {
      const m = await registered();
      await database.db.update(machines).set({ liveliness: "Dead" }).where(eq(machines.id, m.id));
      // Before registration the agent only holds the partition credential; after, its own.
      expect((await event(bootSecret, m.id, "PXE Booting")).body).toMatchObject({ outcome: "recorded", state: "PXE Booting" });
      expect((await event(bootSecret, m.id, "Preparing")).body).toMatchObject({ outcome: "recorded", state: "Preparing" });
      expect((await event(bootSecret, m.id, "Registering")).body).toMatchObject({ outcome: "recorded", state: "Registering" });
      const waiting = await event(m.credential, m.id, "Waiting", "waiting for an allocation");
      expect(waiting.status).toBe(200);
      expect(waiting.body).toMatchObject({ machineId: m.id, outcome: "recorded", state: "Waiting", crashLoop: false, failedReclaim: false });

      expect(await machineRow(m.id)).toMatchObject({ provisioningState: "Waiting", liveliness: "Alive", crashLoop: false, failedReclaim: false });
      const { row, container: c } = await container(m.id);
      expect(c.events.map((e) => e.event)).toEqual(["Waiting", "Registering", "Preparing", "PXE Booting"]);
      expect(c.events[0].message).toBe("waiting for an allocation");
      expect(row.lastEventTime?.toISOString()).toBe(waiting.body.lastEventTime);
      // Events are the machine's history, not audited actions.
      const actions = await database.db.select({ action: auditEntries.action }).from(auditEntries).where(eq(auditEntries.targetId, m.id));
      expect(actions.map((a) => a.action)).toEqual(["machine.register"]);
    });

    it("records an unexpected event as crash-loop evidence and answers 2xx", async () => {
      const m = await registered();
      for (const e of ["Preparing", "Registering", "Waiting"]) await event(m.credential, m.id, e);
      const res = await event(m.credential, m.id, "Preparing", "rebooted while waiting");
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ outcome: "unexpected", state: "Preparing", crashLoop: true });
      const { container: c } = await container(m.id);
      expect(c.events[0]).toMatchObject({ event: "Preparing", unexpectedIn: "Waiting", message: "rebooted while waiting" });
      expect(c.lastErrorEvent?.event).toBe("Preparing");
      expect(await machineRow(m.id)).toMatchObject({ provisioningState: "Preparing", crashLoop: true });
      // A Crashed event keeps it; a long stack trace is truncated, not refused.
      const crashed = await event(m.credential, m.id, "Crashed", "x".repeat(5000));
      expect(crashed.status).toBe(200);
      expect((await container(m.id)).container.events[0].message).toHaveLength(2000);
    });

    it("takes a heartbeat as a sign of life only", async () => {
      const m = await registered();
      await event(m.credential, m.id, "Preparing");
      const before = await container(m.id);
      await database.db.update(machines).set({ liveliness: "Dead" }).where(eq(machines.id, m.id));
      const alive = await event(m.credential, m.id, "Alive");
      expect(alive.body).toMatchObject({ outcome: "refreshed", state: "Preparing" });
      const after = await container(m.id);
      expect(after.container.events).toEqual(before.container.events);
      expect(after.row.lastEventTime!.getTime()).toBeGreaterThanOrEqual(before.row.lastEventTime!.getTime());
      expect(await machineRow(m.id)).toMatchObject({ liveliness: "Alive", provisioningState: "Preparing" });
    });

    it("serialises concurrent events of one machine: none is lost", async () => {
      const m = await registered();
      const results = await Promise.all(Array.from({ length: 20 }, (_, i) => event(m.credential, m.id, "Planned Reboot", `reboot ${i}`)));
      expect(results.map((r) => r.status)).toEqual(Array(20).fill(200));
      const { container: c } = await container(m.id);
      expect(c.events).toHaveLength(20);
      expect(new Set(c.events.map((e) => e.message)).size).toBe(20);
      expect(c.state).toBe("Planned Reboot");
    });

    it("answers 404 for unknown machines and other partitions' machines, 403 for another machine's credential", async () => {
      const m = await registered();
      const other = await registered();
      const unknown = await event(bootSecret, machineUuid(), "Preparing");
      expect(unknown.status).toBe(404);
      expect(unknown.type).toBe("application/problem+json");
      expect((await event(otherPartitionSecret, m.id, "Preparing")).status).toBe(404);
      expect((await event(other.credential, m.id, "Preparing")).status).toBe(403);
      expect((await event(m.credential, m.id, "Rebooting")).status).toBe(422);
      expect((await container(m.id)).container.events).toEqual([]);
    });
  });

  describe("wait, install, report, phone home", () => {
    it("answers {allocated:false} when nothing happens before the timeout", async () => {
      const m = await registered();
      const started = Date.now();
      const res = await wait(m.credential, m.id, 1);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ allocated: false });
      expect(Date.now() - started).toBeGreaterThanOrEqual(950); // it waited (a lower bound cannot flake)
    });

    it("returns immediately when the machine is allocated during a 25 s poll", async () => {
      const m = await registered();
      for (const e of ["Preparing", "Registering", "Waiting"]) await event(m.credential, m.id, e);
      const polling = wait(m.credential, m.id);
      // The poll is waiting (subscribed for the machine's notifications) when the allocation commits.
      await vi.waitFor(() => expect(machineSubscriberCount(m.id)).toBe(1), { timeout: 10_000, interval: 10 });
      await allocate(m.id);
      const res = await polling;
      // A 25 s poll that ran out answers {allocated:false}: this answer came from the notification.
      expect(res.body.allocated).toBe(true);
      expect(res.body.install).toMatchObject({
        machineId: m.id,
        hostname: "web-1",
        image: { id: "ubuntu-24.04.20260101", url: "https://images.example/ubuntu-24.04.20260101.tar.lz4", sha256: "a".repeat(64) },
        filesystemLayout: { id: "default", disks: [{ device: "/dev/sda", wipeOnReinstall: true }], raid: [] },
        networks: [{ networkId, kind: "private", primary: true, addresses: [ip.address], prefixes: ["10.0.0.0/22"], nat: false }],
        asn: 4210000001,
        userdata: "#cloud-config\n",
        dnsServers: ["10.0.0.53"],
        ntpServers: ["10.0.0.123"],
        reinstall: false,
      });
      expect(res.body.install.networks[0].vrf).toEqual(expect.any(Number));
      expect(res.body.install.sshPublicKeys).toHaveLength(1);
    });

    it("answers at once while an install is pending, and no more once it succeeded", async () => {
      const m = await registered();
      await allocate(m.id);
      expect((await wait(m.credential, m.id)).body.allocated).toBe(true); // a 25 s poll: answered by its first check

      const generation = (await wait(m.credential, m.id, 0)).body.install.generation;
      expect(generation).toBe(await generationOf(m.id));
      await upToInstalling(m, ["Preparing", "Registering", "Waiting"]);
      const ok = await report(m.credential, m.id, { success: true, generation, bootInfo: bootInfo("/boot/vmlinuz-6.8") });
      expect(ok.status).toBe(200);
      expect(ok.body).toEqual({ bootInfo: bootInfo("/boot/vmlinuz-6.8") });
      expect(await allocationRow(m.id)).toMatchObject({ succeeded: true, reinstall: false, bootInfo: bootInfo("/boot/vmlinuz-6.8"), previousBootInfo: null });
      expect((await wait(m.credential, m.id, 0)).body).toEqual({ allocated: false });

      await event(m.credential, m.id, "Booting New Kernel", undefined, generation);
      const home = await phoneHome(m.credential, m.id);
      expect(home.status).toBe(200);
      expect(home.body).toMatchObject({ state: "Phoned Home", outcome: "recorded" });
      expect((await phoneHome(m.credential, m.id)).body).toMatchObject({ state: "Phoned Home", outcome: "refreshed" });
      expect(await machineRow(m.id)).toMatchObject({ provisioningState: "Phoned Home", liveliness: "Alive" });
    });

    it("keeps a failed first install pending and records the crash", async () => {
      const m = await registered();
      await allocate(m.id);
      await upToInstalling(m, ["Preparing", "Registering", "Waiting"]);
      const failed = await report(m.credential, m.id, { success: false, generation: await generationOf(m.id), message: "sha256 mismatch" });
      expect(failed.status).toBe(200);
      expect(failed.body).toEqual({ bootInfo: null });
      const { container: c } = await container(m.id);
      expect(c.events[0]).toMatchObject({ event: "Crashed", message: "sha256 mismatch" });
      expect(await machineRow(m.id)).toMatchObject({ provisioningState: "Crashed", crashLoop: true });
      expect(await allocationRow(m.id)).toMatchObject({ succeeded: false, bootInfo: null });
      expect((await wait(m.credential, m.id, 0)).body.allocated).toBe(true);
    });

    it("restores the previous boot info when a reinstall fails, never turning it into a wiping install", async () => {
      const m = await registered();
      const old = bootInfo("/boot/vmlinuz-old");
      await allocate(m.id, { succeeded: false, reinstall: true, bootInfo: null, previousBootInfo: old });
      const pending = await wait(m.credential, m.id, 0);
      expect(pending.body.install.reinstall).toBe(true);
      await upToInstalling(m, ["Preparing", "Registering"]);
      const failed = await report(m.credential, m.id, { success: false, generation: await generationOf(m.id), message: "image download failed" });
      expect(failed.body).toEqual({ bootInfo: old });
      expect(await allocationRow(m.id)).toMatchObject({ reinstall: false, succeeded: true, bootInfo: old, previousBootInfo: null });
      expect((await container(m.id)).container.events[0]).toMatchObject({ event: "Crashed", message: "image download failed" });
      // The old OS is installed again: nothing for the agent to install on its next poll.
      expect((await wait(m.credential, m.id, 0)).body).toEqual({ allocated: false });
    });

    it("a successful reinstall replaces the boot info and clears the previous one", async () => {
      const m = await registered();
      await allocate(m.id, { succeeded: false, reinstall: true, bootInfo: null, previousBootInfo: bootInfo("/boot/vmlinuz-old") });
      const ok = await report(m.credential, m.id, { success: true, generation: await generationOf(m.id), bootInfo: bootInfo("/boot/vmlinuz-new") });
      expect(ok.status).toBe(200);
      expect(await allocationRow(m.id)).toMatchObject({ reinstall: false, succeeded: true, bootInfo: bootInfo("/boot/vmlinuz-new"), previousBootInfo: null });
    });

    it("wants the machine's own credential for wait, report and phone home", async () => {
      const m = await registered();
      const other = await registered();
      for (const token of [bootSecret, other.credential]) {
        expect((await wait(token, m.id, 0)).status).toBe(403);
        expect((await report(token, m.id, { success: false, generation: 1, message: "x" })).status).toBe(403);
        expect((await phoneHome(token, m.id)).status).toBe(403);
      }
      expect((await report(m.credential, m.id, { success: true, generation: 1, bootInfo: bootInfo("/k") })).body).toMatchObject({ status: 409, code: "stale_allocation" });
      expect((await report(m.credential, m.id, { success: true, generation: 1 })).status).toBe(422);
      expect((await report(m.credential, m.id, { success: true, bootInfo: bootInfo("/k") })).body.errors).toEqual([expect.objectContaining({ field: "body.generation" })]);
      expect((await event(m.credential, m.id, "Installing")).body.errors).toEqual([expect.objectContaining({ field: "body.generation" })]);
    });

    it("stops waiting when the agent hangs up", async () => {
      const m = await registered();
      const abort = new AbortController();
      const polling = wait(m.credential, m.id, 25, abort.signal);
      await vi.waitFor(() => expect(machineSubscriberCount(m.id)).toBe(1), { timeout: 10_000, interval: 10 });
      abort.abort();
      // The poll lets go of its subscription at once, not when its 25 s are over.
      await vi.waitFor(() => expect(machineSubscriberCount(m.id)).toBe(0), { timeout: 10_000, interval: 10 });
      expect((await polling).body).toEqual({ allocated: false });
    });
  });
});
