import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { labDiskFile, osDir } from "@/agents/machine/disks";
import { MiB } from "@/agents/machine/layout";
import { readInstalledOs } from "@/agents/machine/os-files";
import { readAt } from "@/agents/machine/test-support";
import type { Actor } from "@/lib/auth/principal";
import type { Database } from "@/lib/db/client";
import { bmcCommands, images, machineAllocations, machineProvisioning, machines, projects } from "@/lib/db/schema";
import { getQueue, stopQueue } from "@/lib/jobs/runtime";
import { resetEnv } from "@/lib/env";
import { updateImage } from "@/lib/services/catalog/images";
import { allocateMachine } from "@/lib/services/machines/allocation";
import { freeMachine } from "@/lib/services/machines/allocation-release";
import { reinstallMachine } from "@/lib/services/machines/allocation-reinstall";
import { createBootCredential } from "@/lib/services/machines/boot-credentials";
import { getMachine, getMachineEvents } from "@/lib/services/machines/machines";
import { sweepTimeouts } from "@/lib/services/machines/sweeps";
import { recordPlannedReboots } from "@/lib/services/machines/planned-reboot";
import { createNetwork } from "@/lib/services/networks/networks";
import { seedDemo } from "@/lib/services/seed";
import { createToken } from "@/lib/services/tokens";
import { freshDatabase, testEngines } from "@/lib/test/databases";
import { makeUser, operator } from "@/lib/test/fixtures";
import { appRouteTable } from "./app-routes";
import { missingIpmiTools } from "./bmc/ipmi-tools";
import type { LabBmcProtocol } from "./bmc/lab-bmcs";
import { LAB_IMAGE_PATH, labImage } from "./image";
import { serveRoutes } from "./route-server";
import { type Lab, startLab } from "./runner";

/**
 * The lab partition end to end over real HTTP: the real boot and machines route modules behind
 * a node:http server, a fresh database with the demo seed, 4 lab machines running the real
 * agent, each with a lab BMC, and the job workers: free and reinstall reach the machines as BMC
 * commands (PXE + reset / cycle) that a worker sends over the BMC's protocol.
 */

/** The root partition of the c1-small layout (default-small): /dev/sda2 at 1 MiB + 500 MiB. */
const ROOT_OFFSET = 501 * MiB;
const SSH_KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl olivia@acme";

// IPMI needs OpenIPMI's ipmi_sim and ipmitool (CI installs them; without, only Redfish runs here).
const ipmiMissing = missingIpmiTools();
if (ipmiMissing && process.env.CI) throw new Error(`CI must install the IPMI tools: ${ipmiMissing}`);
if (ipmiMissing) console.warn(`lab integration with IPMI BMCs skipped: ${ipmiMissing}`);
const protocols: LabBmcProtocol[] = ipmiMissing ? ["redfish"] : ["redfish", "ipmi"];
const combos = testEngines().flatMap((engine) => protocols.map((protocol) => [engine, protocol] as const));

describe.each(combos)("lab partition over HTTP on %s with %s BMCs", (engine, protocol) => {
  let database: Database;
  let cleanup: () => Promise<void>;
  let server: Awaited<ReturnType<typeof serveRoutes>>;
  let lab: Lab;
  let dataDir: string;
  let olivia: Actor;
  let credentialSecret: string;
  let projectId: string;
  const allocated: string[] = [];
  const logs: string[] = [];

  const rows = (ids: string[]) => database.db.select().from(machines).where(inArray(machines.id, ids));
  const allocationOf = async (id: string) => (await database.db.select().from(machineAllocations).where(eq(machineAllocations.machineId, id)))[0];

  /** Polls the machine rows until every one is in `state` (bounded; the message shows where they are). */
  async function until(ids: string[], state: string, timeoutMs = 20_000): Promise<void> {
    await vi.waitFor(async () => {
      const current = await rows(ids);
      if (current.length !== ids.length || current.some((m) => m.provisioningState !== state)) {
        throw new Error(`waiting for ${state}: ${current.map((m) => `${m.id}=${m.provisioningState}`).join(", ")}`);
      }
    }, { timeout: timeoutMs, interval: 50 });
  }
  const history = async (id: string) => (await getMachineEvents(operator, id)).items.map((e) => e.event).reverse();
  const commands = async (id: string) => (await database.db.select().from(bmcCommands).where(eq(bmcCommands.machineId, id)).orderBy(bmcCommands.seq)).map((c) => `${c.command}:${c.status}`);
  /** Image downloads wait while this is set: holds an agent in Installing. */
  let imageGate: Promise<void> | null = null;
  /** Per machine: long polls open on the server now, and how many ended because the agent hung up. */
  const polls = new Map<string, { open: number; cut: number }>();
  const pollsOf = (id: string) => polls.get(id) ?? { open: 0, cut: 0 };

  beforeAll(async () => {
    ({ database, cleanup } = await freshDatabase(engine));
    const routes = await appRouteTable();
    const image = routes.find(([p]) => p === LAB_IMAGE_PATH.replace("{id}", "[id]"))!;
    const serveImage = image[1].GET!;
    image[1] = { GET: async (req, ctx) => (await imageGate, serveImage(req, ctx)) };
    const wait = routes.find(([p]) => p === "/api/boot/machines/[id]/wait")!;
    const serveWait = wait[1].GET!;
    wait[1] = {
      GET: async (req, ctx) => {
        const { id } = await ctx.params;
        const count = pollsOf(id);
        polls.set(id, { ...count, open: count.open + 1 });
        try {
          return await serveWait(req, ctx);
        } finally {
          const now = pollsOf(id);
          polls.set(id, { open: now.open - 1, cut: now.cut + (req.signal.aborted ? 1 : 0) });
        }
      },
    };
    server = await serveRoutes(routes);
    resetEnv({ APP_URL: server.url });
    await seedDemo();
    // The seed carries placeholder checksums; the lab images' real ones are what it must carry.
    for (const img of await database.db.select({ id: images.id }).from(images)) {
      await updateImage(operator, img.id, { sha256: labImage(img.id).sha256 });
    }
    const credential = await createBootCredential(operator, "lab", { description: "lab integration test" });
    credentialSecret = credential.secret;
    olivia = await makeUser("olivia@acme.example", ["acme-owners"]);
    [{ id: projectId }] = await database.db.select({ id: projects.id }).from(projects).where(eq(projects.name, "web"));
    await createNetwork(olivia, { kind: "private", projectId, partitionId: "lab", name: "web", labels: {}, description: "" });
    dataDir = await mkdtemp(path.join(os.tmpdir(), "lab-it-"));
    await getQueue(database, { workers: true });
    lab = await startLab({
      apiUrl: server.url, partitionId: "lab", bootCredential: credential.secret, dataDir, machines: 4, bmc: { protocol },
      phoneHomeIntervalSeconds: 0.5, heartbeatIntervalSeconds: 1, crashDelaySeconds: 0.05,
      log: (spec) => (level, message) => logs.push(`${spec.uuid} ${level}: ${message}`),
    });
  });

  afterAll(async () => {
    // Workers first, while the BMCs still answer: a poll or command in flight against a stopped
    // ipmi_sim could outlast the queue's graceful stop and touch the database after it closed.
    await stopQueue();
    await lab?.stop();
    await server?.close();
    resetEnv();
    await cleanup?.();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it("boots 4 machines that register with their size and rack and wait pre-booted", async () => {
    const ids = lab.machines.map((m) => m.id);
    await until(ids, "Waiting");
    for (const row of await rows(ids)) {
      const spec = lab.machine(row.id).spec;
      expect([row.sizeId, row.rack, row.liveliness, row.crashLoop]).toEqual([spec.sizeId, spec.rack, "Alive", false]);
      expect(await history(row.id)).toEqual(["Preparing", "Registering", "Waiting"]);
    }
  });

  it("allocates 2 machines as olivia; both install over HTTP and phone home", async () => {
    // How fast is measured by `npm run bench:provision`; here only that it happens.
    for (const n of [1, 2]) {
      const m = await allocateMachine(olivia, { projectId, partitionId: "lab", sizeId: "c1-small-x86", image: "ubuntu-24.04", hostname: `web-${n}`, name: "", description: "", externalNetworkIds: [], sshPublicKeys: [SSH_KEY], userdata: "#cloud-config\n", tags: [] });
      allocated.push(m.id);
    }
    await until(allocated, "Phoned Home");

    const image = labImage("ubuntu-24.04.20260401");
    const racks = new Set((await rows(allocated)).map((r) => r.rack));
    expect(racks.size).toBe(2); // spread over both racks
    for (const id of allocated) {
      expect(await history(id)).toEqual(["Preparing", "Registering", "Waiting", "Installing", "Booting New Kernel", "Phoned Home"]);
      expect(await allocationOf(id)).toMatchObject({ succeeded: true, bootInfo: { primaryDisk: "/dev/sda", osPartition: "/dev/sda2", bootloaderId: "ubuntu" } });
      const dir = lab.machine(id).spec.dir;
      expect((await readAt(labDiskFile(dir, "/dev/sda"), ROOT_OFFSET, image.bytes.length)).equals(image.bytes)).toBe(true);
      expect((await readInstalledOs(osDir(dir)))?.home.machineId).toBe(id);
    }
    // The tenant's view over the real v1 route, with an API token.
    const token = await createToken(olivia, { description: "it", roles: olivia.principal.grants, expiresAt: new Date(Date.now() + 3_600_000) });
    const res = await fetch(`${server.url}/api/v1/machines/${allocated[0]}/events`, { headers: { authorization: `Bearer ${token.secret}` } });
    expect(res.status).toBe(200);
    expect((await res.json()).items[0].event).toBe("Phoned Home");
  });

  it("frees one: the BMC commands PXE + reset, the agent wipes its disks and waits again", async () => {
    const [id] = allocated;
    const m = lab.machine(id);
    const boots = m.power.boots;
    await freeMachine(olivia, id);
    await until([id], "Waiting");

    expect(m.power.boots).toBe(boots + 1);
    await expect.poll(async () => (await commands(id)).slice(-3), { timeout: 10_000 }).toEqual(["identify-off:succeeded", "boot-pxe:succeeded", "power-reset:succeeded"]);
    expect(m.power.bootSettings.persistent).toBe("disk"); // set after the install; the free's PXE was for one boot
    expect(await allocationOf(id)).toBeUndefined();
    expect((await history(id)).slice(-5)).toEqual(["Machine Reclaim", "PXE Booting", "Preparing", "Registering", "Waiting"]);
    const [row] = await rows([id]);
    expect([row.crashLoop, row.failedReclaim]).toEqual([false, false]);
    expect((await readAt(labDiskFile(m.spec.dir, "/dev/sda"), ROOT_OFFSET, 1 << 20)).every((b) => b === 0)).toBe(true);
    expect(await readInstalledOs(osDir(m.spec.dir))).toBeNull();
  });

  it("reinstalls the other with a new image: after the BMC's PXE + cycle it phones home with it, and keeps its allocation", async () => {
    const id = allocated[1];
    const before = await allocationOf(id);
    await reinstallMachine(olivia, id, { image: "debian-12" });
    const m = lab.machine(id);
    await expect.poll(async () => {
      const [a, [row]] = await Promise.all([allocationOf(id), rows([id])]);
      return [a?.succeeded, a?.bootInfo?.bootloaderId, row.provisioningState];
    }, { timeout: 20_000 }).toEqual([true, "debian", "Phoned Home"]);

    const h = await history(id);
    const tail = h.slice(h.lastIndexOf("Planned Reboot"));
    const pxe = tail.indexOf("PXE Booting");
    // Until the BMC's power cycle lands, the old OS may still phone home (a race reported to the FSM's owners).
    expect(tail.slice(0, pxe).filter((e) => e !== "Phoned Home")).toEqual(["Planned Reboot"]);
    expect(tail.slice(pxe)).toEqual(["PXE Booting", "Preparing", "Registering", "Installing", "Booting New Kernel", "Phoned Home"]);
    // boot-disk follows the install report; its worker may still be on it.
    await expect.poll(async () => (await commands(id)).slice(-3), { timeout: 5000 }).toEqual(["boot-pxe:succeeded", "power-cycle:succeeded", "boot-disk:succeeded"]);
    const after = await allocationOf(id);
    expect(after).toMatchObject({ imageId: "debian-12.0.20260401", reinstall: false, asn: before.asn, networks: before.networks });
    const image = labImage("debian-12.0.20260401");
    expect((await readAt(labDiskFile(m.spec.dir, "/dev/sda"), ROOT_OFFSET, image.bytes.length)).equals(image.bytes)).toBe(true);
  });

  it("a reinstall whose image fails its checksum never touches the disks: the old OS boots and phones home again", async () => {
    const id = allocated[1];
    await updateImage(operator, "ubuntu-24.04.20260401", { sha256: "0".repeat(64) });
    await reinstallMachine(olivia, id, { image: "ubuntu-24.04" });
    const m = lab.machine(id);
    await expect.poll(async () => (await history(id)).slice(-2), { timeout: 20_000 }).toEqual(["Crashed", "Phoned Home"]);

    expect(logs.some((l) => l.startsWith(id) && l.includes("booting the previous installation"))).toBe(true);
    const debian = labImage("debian-12.0.20260401");
    expect((await readAt(labDiskFile(m.spec.dir, "/dev/sda"), ROOT_OFFSET, debian.bytes.length)).equals(debian.bytes)).toBe(true);
    expect(await allocationOf(id)).toMatchObject({ succeeded: true, reinstall: false, bootInfo: { bootloaderId: "debian" } });
    const [row] = await rows([id]);
    expect([row.provisioningState, row.crashLoop]).toEqual(["Phoned Home", false]);
    // The old OS phones home with the credential of the latest registration, again and again.
    const lastSignOfLife = async () => (await database.db.select().from(machineProvisioning).where(eq(machineProvisioning.machineId, id)))[0].lastEventTime!.getTime();
    const first = await lastSignOfLife();
    await expect.poll(lastSignOfLife, { timeout: 5000 }).toBeGreaterThan(first);
  });

  it("a first install that fails crashes and restarts from the top, again and again, until the image is fixed", async () => {
    const id = allocated[0]; // freed above, waiting again; the ubuntu image still has a wrong checksum
    await allocateMachine(olivia, { projectId, partitionId: "lab", machineId: id, image: "ubuntu-24.04", hostname: "web-3", name: "", description: "", externalNetworkIds: [], sshPublicKeys: [], userdata: "", tags: [] });
    await expect.poll(async () => (await history(id)).filter((e) => e === "Crashed").length, { timeout: 20_000 }).toBeGreaterThanOrEqual(2);
    expect((await rows([id]))[0].crashLoop).toBe(true);
    expect((await history(id)).join(" > ")).toContain("Installing > Crashed > Preparing > Registering > Waiting > Installing > Crashed");

    await updateImage(operator, "ubuntu-24.04.20260401", { sha256: labImage("ubuntu-24.04.20260401").sha256 });
    await until([id], "Phoned Home");
    expect((await rows([id]))[0].crashLoop).toBe(false);
    expect(await allocationOf(id)).toMatchObject({ succeeded: true, hostname: "web-3" });
  });

  it("an agent that dies mid-install times out into a visible failure; free recovers the machine", async () => {
    const m = lab.machines.find((x) => !allocated.includes(x.id))!;
    await until([m.id], "Waiting");
    let release = () => {};
    imageGate = new Promise<void>((r) => (release = r));
    try {
      await allocateMachine(olivia, { projectId, partitionId: "lab", machineId: m.id, image: "debian-12", hostname: "doomed", name: "", description: "", externalNetworkIds: [], sshPublicKeys: [], userdata: "", tags: [] });
      await until([m.id], "Installing");
      await m.power.powerOff(); // the machine dies while downloading its image: no more events
    } finally {
      imageGate = null;
      release();
    }
    expect(await sweepTimeouts(new Date(Date.now() + 16 * 60_000))).toEqual([m.id]);
    const shown = await getMachine(olivia, m.id);
    expect(shown.state).toBe("Installing");
    expect(shown.failed?.reason).toBe("Installing for more than 15 min");

    await freeMachine(olivia, m.id);
    await until([m.id], "Waiting");
    expect((await getMachine(operator, m.id)).failed).toBeNull();
    // The machine may be up before the BMC's answer to the reset is recorded.
    await expect.poll(async () => (await commands(m.id)).slice(-2), { timeout: 10_000 }).toEqual(["boot-pxe:succeeded", "power-reset:succeeded"]);
  });

  it("power off stops a waiting machine's agent at once, in the middle of its long poll", async () => {
    const m = lab.machines.find((x) => !allocated.includes(x.id))!;
    await until([m.id], "Waiting");
    await vi.waitFor(() => expect(pollsOf(m.id).open).toBe(1), { timeout: 10_000, interval: 20 });
    const { cut } = pollsOf(m.id);
    await m.power.powerOff();
    expect(await m.power.powerState()).toBe("off");
    // The poll ended because the agent hung up (power gone), not with the server's answer after its 25 s.
    await vi.waitFor(() => expect(pollsOf(m.id)).toEqual({ open: 0, cut: cut + 1 }), { timeout: 10_000, interval: 20 });
  });

  it("a restarted lab (its machines powered on again, a planned reboot) comes back without crash-loop flags", async () => {
    const settings = { apiUrl: server.url, partitionId: "lab", bootCredential: credentialSecret, dataDir, machines: 4, bmc: { protocol }, phoneHomeIntervalSeconds: 0.5, heartbeatIntervalSeconds: 1, crashDelaySeconds: 0.05, log: () => () => {} };
    await lab.stop();
    expect(await recordPlannedReboots("lab", "lab restarted")).toBeGreaterThanOrEqual(4);
    lab = await startLab(settings);
    const ids = lab.machines.map((m) => m.id);
    const installed = ids.filter((id) => allocated.includes(id));
    await until(installed, "Phoned Home");
    await until(ids.filter((id) => !installed.includes(id)), "Waiting");
    expect((await rows(ids)).map((r) => r.crashLoop)).toEqual([false, false, false, false]);
    const waiting = ids.find((id) => !installed.includes(id))!;
    expect((await history(waiting)).slice(-5)).toEqual(["Planned Reboot", "PXE Booting", "Preparing", "Registering", "Waiting"]);
  });

  it("a lab machine given no boot credential boots with the one its iPXE script carries, like real hardware", async () => {
    const solo = await startLab({ apiUrl: server.url, partitionId: "lab", dataDir, labName: "ipxe-lab", machines: 1, log: () => () => {} });
    try {
      await until([solo.machines[0].id], "Waiting");
      expect(await history(solo.machines[0].id)).toEqual(["Preparing", "Registering", "Waiting"]);
    } finally {
      await solo.stop();
    }
  });
});
