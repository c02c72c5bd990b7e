import { execFileSync, spawnSync } from "node:child_process";
import { closeSync, openSync, readFileSync, readSync, statSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createBmcDriver } from "@/lib/bmc/factory";
import type { Actor } from "@/lib/auth/principal";
import type { Database } from "@/lib/db/client";
import { machineAllocations, machines, projects } from "@/lib/db/schema";
import { resetEnv } from "@/lib/env";
import { getQueue, stopQueue } from "@/lib/jobs/runtime";
import { requestPowerAction } from "@/lib/services/bmc/commands";
import { updateMachineBmc } from "@/lib/services/bmc/records";
import { createImageInput } from "@/lib/contracts/catalog";
import { createImage } from "@/lib/services/catalog/images";
import { allocateMachine } from "@/lib/services/machines/allocation";
import { freeMachine } from "@/lib/services/machines/allocation-release";
import { reinstallMachine } from "@/lib/services/machines/allocation-reinstall";
import { getMachineEvents } from "@/lib/services/machines/machines";
import { createNetwork } from "@/lib/services/networks/networks";
import { seedDemo } from "@/lib/services/seed";
import { freshDatabase, testEngines } from "@/lib/test/databases";
import { makeUser, operator } from "@/lib/test/fixtures";
import { appRouteTable } from "../app-routes";
import { missingIpmiTools } from "../bmc/ipmi-tools";
import { serveRoutes } from "../route-server";
import { vmArtifactsDir, type VmManifest } from "./artifacts";
import { buildVmArtifacts } from "./build";
import { seedVmCatalog, VM_SIZE_ID } from "./catalog";
import { type LabVm, startLabVm } from "./lab-vm";
import { missingQemu } from "./qemu-vm";

/**
 * A real machine booting from the product (issue 18): a QEMU VM (TCG, no root or KVM needed) whose BMC is an ipmi_sim
 * driving QEMU, PXE-booting the agent initramfs over iPXE/HTTP from the boot routes, the real
 * agent inventorying, partitioning, formatting and installing the lab OS image onto its virtio
 * disk, kexec'ing into it, and the installed OS phoning home — then reinstall, a boot from disk
 * without the product's help, and free (wipe) through the BMC worker.
 *
 * One VM, one database engine (PostgreSQL when TEST_DATABASE_URL is set, as in CI; else PGlite):
 * every boot costs tens of seconds of emulated CPU, and the database path is the same as the
 * simulated lab's (lab.integration.test.ts runs both engines). Deadlines are generous (TCG on a
 * busy 2-core machine); the console log is printed when a step fails.
 */
const hasDebugfs = spawnSync("debugfs", ["-V"], { stdio: "ignore" }).error === undefined;
const missing = missingQemu() ?? missingIpmiTools() ?? (hasDebugfs ? null : "debugfs is not installed (apt-get install e2fsprogs)");
if (missing && process.env.CI) throw new Error(`CI must run the VM integration test: ${missing}`);
if (missing) console.warn(`VM integration test skipped: ${missing}`);

const engine = testEngines().at(-1)!;
const GiB = 1024 ** 3;
const SSH_KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl olivia@acme";
const BOOT = 6 * 60_000;

describe.skipIf(missing !== null)(`a QEMU VM provisioned by the product (${engine})`, () => {
  let database: Database;
  let cleanup: () => Promise<void>;
  let server: Awaited<ReturnType<typeof serveRoutes>>;
  let manifest: VmManifest;
  let lab: LabVm;
  let dataDir: string;
  let olivia: Actor;
  let projectId: string;
  let id: string;

  const row = async () => (await database.db.select().from(machines).where(eq(machines.id, id)))[0];
  const allocation = async () => (await database.db.select().from(machineAllocations).where(eq(machineAllocations.machineId, id)))[0];
  const history = async () => (await getMachineEvents(operator, id)).items.map((e) => e.event).reverse();
  const consoleTail = () => readFileSync(lab.vm.consoleLog, "utf8").split("\n").slice(-40).join("\n");

  /** Polls until the machine is in `state`; on timeout the error shows the VM's console. */
  async function until(state: string, timeout = BOOT, extra: () => Promise<boolean> = async () => true): Promise<void> {
    try {
      await vi.waitFor(async () => {
        const r = id ? await row() : undefined;
        if (r?.provisioningState !== state || !(await extra())) throw new Error(`waiting for ${state}: ${r?.provisioningState ?? "not registered"}`);
      }, { timeout, interval: 500 });
    } catch (err) {
      throw new Error(`${(err as Error).message}\n--- VM console (${lab.vm.consoleLog}) ---\n${consoleTail()}`);
    }
  }

  /** The GPT of the VM's disk file, read by sgdisk from the artifacts (number, start sector, name). */
  const sgdisk = () => path.join(vmArtifactsDir(".data"), "root/sbin/sgdisk");
  function partitionTable(): { number: number; start: number; name: string }[] {
    const out = execFileSync(sgdisk(), ["-p", lab.vm.diskFile], { encoding: "utf8" });
    return [...out.matchAll(/^\s+(\d+)\s+(\d+)\s+\d+\s+\S+ \S+\s+\S+\s+(\S+)$/gm)].map((m) => ({ number: Number(m[1]), start: Number(m[2]), name: m[3] }));
  }
  /** A file of the ext4 root filesystem, read with debugfs at the partition's offset (no mount). */
  function rootFile(file: string): string {
    const root = partitionTable().find((p) => p.name === "root")!;
    return execFileSync("debugfs", ["-R", `cat ${file}`, `${lab.vm.diskFile}?offset=${root.start * 512}`], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
  }

  beforeAll(async () => {
    manifest = await buildVmArtifacts(".data");
    ({ database, cleanup } = await freshDatabase(engine));
    server = await serveRoutes(await appRouteTable());
    const port = new URL(server.url).port;
    // The guest reaches the host's loopback as 10.0.2.2 (QEMU user networking).
    const guestBootUrl = `http://10.0.2.2:${port}`;
    resetEnv({ APP_URL: server.url, BOOT_URL: guestBootUrl });
    await seedDemo();
    await seedVmCatalog(operator, guestBootUrl, manifest);
    olivia = await makeUser("olivia@acme.example", ["acme-owners"]);
    [{ id: projectId }] = await database.db.select({ id: projects.id }).from(projects).where(eq(projects.name, "web"));
    await createNetwork(olivia, { kind: "private", projectId, partitionId: "lab", name: "web", labels: {}, description: "" });
    await getQueue(database, { workers: true });
    dataDir = await mkdtemp(path.join(os.tmpdir(), "vm-it-"));
    lab = await startLabVm({ dataDir, guestBootUrl, partitionId: "lab", cpus: 2, memoryMiB: 1024, diskBytes: 2 * GiB });
    id = lab.vm.id;
  }, 5 * 60_000);

  afterAll(async () => {
    await stopQueue();
    await lab?.stop();
    await server?.close();
    resetEnv();
    await cleanup?.();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  }, 60_000);

  it("powers on through its BMC, PXE-boots and registers its real hardware, then waits", async () => {
    // A new machine: the operator powers it on at its BMC (ipmitool against ipmi_sim → QEMU).
    const bmc = createBmcDriver({ protocol: "ipmi", ...lab.bmc });
    await bmc.setBootDevice("pxe", false);
    await bmc.powerOn();
    expect(await bmc.powerState()).toBe("on");
    await until("Waiting");

    const r = await row();
    const hw = r.hardware as { cpus: { cores: number; threads: number }[]; memoryBytes: number; disks: { name: string; sizeBytes: number }[]; nics: { mac: string }[] };
    expect(hw.cpus.reduce((n, c) => n + c.cores, 0)).toBe(2); // -smp 2
    expect(hw.memoryBytes).toBeGreaterThan(0.8 * GiB); // -m 1024, less what the kernel keeps
    expect(hw.memoryBytes).toBeLessThanOrEqual(GiB);
    expect(hw.disks).toEqual([{ name: "/dev/vda", sizeBytes: 2 * GiB }, { name: "/dev/vdb", sizeBytes: 1024 * 1024 }]);
    expect(hw.nics.map((n) => n.mac)).toEqual([lab.vm.spec.mac]);
    expect(r.sizeId).toBe(VM_SIZE_ID);
    expect((await history()).slice(-3)).toEqual(["Preparing", "Registering", "Waiting"]);
    // From now on the control plane drives it: the operator records the BMC.
    await updateMachineBmc(operator, id, { protocol: "ipmi", ...lab.bmc });
  }, BOOT + 60_000);

  it("allocated: partitions, formats, installs the image, kexecs, and the installed OS phones home", async () => {
    await allocateMachine(olivia, { projectId, partitionId: "lab", machineId: id, image: "metal-vm-1.0", hostname: "vm-one", name: "", description: "", externalNetworkIds: [], sshPublicKeys: [SSH_KEY], userdata: "#cloud-config\n", tags: [] });
    await until("Phoned Home");
    expect((await history()).slice(-4)).toEqual(["Waiting", "Installing", "Booting New Kernel", "Phoned Home"]);
    expect(await allocation()).toMatchObject({ succeeded: true, bootInfo: { primaryDisk: "/dev/vda", osPartition: "/dev/vda2", kernel: "/boot/vmlinuz", bootloaderId: "metal-vm" } });

    expect(partitionTable()).toEqual([{ number: 1, start: 2048, name: "efi" }, { number: 2, start: 133120, name: "root" }]);
    expect(rootFile("/etc/os-release")).toContain("METAL_IMAGE_ID=metal-vm-1.0.20261205");
    expect(rootFile("/etc/hostname")).toBe("vm-one\n");
    expect(rootFile("/root/.ssh/authorized_keys")).toBe(`${SSH_KEY}\n`);
    expect(JSON.parse(rootFile("/etc/metal/phone-home.json"))).toMatchObject({ machineId: id, credential: expect.stringMatching(/^mmc_/) });
    expect(rootFile("/boot/extlinux/extlinux.conf")).toContain("APPEND root=/dev/vda2 console=ttyS1,115200n8 ro");
    expect(readFileSync(lab.vm.consoleLog, "utf8")).toMatch(/metal: Metal lab OS 1\.0\.20261205 \(metal-vm-1\.0\.20261205\) on vm-one/);
  }, BOOT + 60_000);

  it("reinstalled with a new image: the BMC's PXE + cycle, a fresh install, Phoned Home with it", async () => {
    const starts = lab.vm.starts;
    await reinstallMachine(olivia, id, { image: "metal-vm-1.1" });
    await until("Phoned Home", BOOT, async () => lab.vm.starts > starts && (await allocation())?.succeeded === true && rootFileSafe("/etc/os-release").includes("metal-vm-1.1.20261205"));
    expect(readFileSync(lab.vm.consoleLog, "utf8")).toMatch(/metal: Metal lab OS 1\.1\.20261205 \(metal-vm-1\.1\.20261205\) on vm-one/);
  }, BOOT + 60_000);

  it("power cycled to boot from disk: the installed OS boots by itself (extlinux) and phones home", async () => {
    const starts = lab.vm.starts;
    const phonedBefore = (await history()).filter((e) => e === "Phoned Home").length;
    await requestPowerAction(operator, id, { action: "boot-disk", persistent: true });
    await requestPowerAction(operator, id, { action: "cycle", persistent: false });
    await vi.waitFor(() => {
      if (lab.vm.starts <= starts) throw new Error("not power cycled yet");
    }, { timeout: 60_000, interval: 250 });
    const log = () => readFileSync(lab.vm.consoleLog, "utf8").split(/===== .* power on, boot /).at(-1)!;
    await vi.waitFor(() => {
      if (!/metal: phoned home/.test(log())) throw new Error(`no phone home from the disk boot yet\n${consoleTail()}`);
    }, { timeout: BOOT, interval: 1000 });
    expect(log().startsWith("disk")).toBe(true);
    expect(log()).not.toContain("starting the machine agent"); // no PXE, no agent: the disk's OS
    expect(log()).toContain("metal: Metal lab OS 1.1.20261205");
    await until("Phoned Home", 60_000, async () => (await history()).filter((e) => e === "Phoned Home").length > phonedBefore);
  }, BOOT + 120_000);

  it("a reinstall whose image fails its checksum leaves the disk alone: the previous OS is kexec'd and phones home", async () => {
    const guestBootUrl = `http://10.0.2.2:${new URL(server.url).port}`;
    await createImage(operator, createImageInput.parse({
      id: "metal-vm-1.2.20261205", name: "Broken checksum", url: `${guestBootUrl}/api/images/metal-vm-1.1.20261205/img.tar.lz4`,
      sha256: "0".repeat(64), features: ["machine"], classification: "preview",
    }));
    const starts = lab.vm.starts;
    await reinstallMachine(olivia, id, { image: "metal-vm-1.2" });
    await until("Phoned Home", BOOT, async () => lab.vm.starts > starts && (await history()).slice(-2).join() === "Crashed,Phoned Home");
    const crashed = (await getMachineEvents(operator, id)).items.find((e) => e.event === "Crashed");
    expect(crashed?.message).toMatch(/sha256 mismatch/);
    expect(await allocation()).toMatchObject({ succeeded: true, bootInfo: { osPartition: "/dev/vda2", bootloaderId: "metal-vm" } });
    expect(rootFile("/etc/os-release")).toContain("METAL_IMAGE_ID=metal-vm-1.1.20261205");
    const boot = readFileSync(lab.vm.consoleLog, "utf8").split(/===== .* power on, boot /).at(-1)!;
    expect(boot).toMatch(/booting the previous installation[\s\S]*metal: Metal lab OS 1\.1\.20261205[\s\S]*metal: phoned home/);
  }, BOOT + 60_000);

  it("freed: the BMC worker PXE-boots it, the agent wipes the disk, and it waits again", async () => {
    const installedBytes = statSync(lab.vm.diskFile).blocks * 512;
    expect(installedBytes).toBeGreaterThan(10e6); // the 10 MB image and the filesystems' metadata
    await freeMachine(olivia, id);
    await until("Waiting");
    expect(await allocation()).toBeUndefined();
    expect(partitionTable()).toEqual([]);
    // The ext4 superblock of the old root (magic 0xEF53 at 1024 + 56) is gone: blocks discarded.
    const magic = Buffer.alloc(2);
    const fd = openSync(lab.vm.diskFile, "r");
    readSync(fd, magic, 0, 2, 133120 * 512 + 1024 + 56);
    closeSync(fd);
    expect(magic.equals(Buffer.from([0x53, 0xef]))).toBe(false);
    // blkdiscard on a discard=unmap disk punched holes into its file: the image's blocks are gone.
    expect(statSync(lab.vm.diskFile).blocks * 512).toBeLessThan(installedBytes / 4);
    const r = await row();
    expect([r.crashLoop, r.failedReclaim]).toEqual([false, false]);
  }, BOOT + 60_000);

  function rootFileSafe(file: string): string {
    try {
      return rootFile(file);
    } catch {
      return "";
    }
  }
});
