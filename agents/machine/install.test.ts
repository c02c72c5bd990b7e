import { mkdtemp, open, readFile, rm, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { InstallInstructions } from "@/lib/contracts/agent";
import { labImage } from "@/lab/image";
import { labDiskFile, osDir, partitionTableFile, wipeDisks } from "./disks";
import { agentConfigSchema } from "./config";
import { ChecksumMismatchError } from "./image";
import { installMachine } from "./install";
import type { Inventory } from "./inventory";
import { MiB } from "./layout";
import { mirrored, singleDisk } from "./layout.fixtures";
import { silentLogger } from "./log";
import { readInstalledOs } from "./os-files";
import { readAt, serveFiles } from "./test-support";

const GB = 1000 ** 3;
const ubuntu = labImage("ubuntu-24.04.20260401");
const debian = labImage("debian-12.0.20260401");

const inventory = (disks: { name: string; sizeBytes: number }[]): Inventory => ({
  uuid: "4c61622d-0000-8000-8000-000000000009",
  hardware: { cpus: [], memoryBytes: 0, disks, gpus: [], nics: [] },
});

describe("lab installation onto sparse disk files", () => {
  let dir: string;
  let host: Awaited<ReturnType<typeof serveFiles>>;
  const signal = new AbortController().signal;
  const nvmeInventory = inventory([{ name: "/dev/nvme0n1", sizeBytes: 960 * GB }, { name: "/dev/nvme1n1", sizeBytes: 960 * GB }]);

  const instructions = (over: Partial<InstallInstructions> = {}): InstallInstructions => ({
    machineId: "4c61622d-0000-8000-8000-000000000009",
    generation: 1,
    hostname: "web-1",
    image: { id: "ubuntu-24.04.20260401", url: `${host.url}/ubuntu`, sha256: ubuntu.sha256 },
    filesystemLayout: mirrored,
    networks: [{ networkId: "n1", kind: "private", vrf: 30, primary: true, addresses: ["10.128.0.2"], prefixes: ["10.128.0.0/22"], destinationPrefixes: [], nat: false }],
    asn: 4210000001,
    sshPublicKeys: ["ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl olivia"],
    userdata: "#cloud-config\npackages: [htop]\n",
    dnsServers: ["1.1.1.1"],
    ntpServers: ["pool.ntp.org"],
    reinstall: false,
    ...over,
  });
  const install = (i: InstallInstructions, inv = nvmeInventory) =>
    installMachine({ diskDir: dir, apiUrl: "http://127.0.0.1:9", inventory: inv, install: i, credential: "mmc_test", signal, log: silentLogger });

  beforeAll(async () => {
    host = await serveFiles({ "/ubuntu": ubuntu.bytes, "/debian": debian.bytes });
  });
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "agent-install-"));
  });
  afterAll(async () => host.close());

  it("partitions every disk, writes the image onto both halves of the root mirror and configures the OS", async () => {
    const bootInfo = await install(instructions());
    expect(bootInfo).toMatchObject({ primaryDisk: "/dev/nvme0n1", osPartition: "/dev/md2", bootloaderId: "ubuntu" });

    for (const disk of ["/dev/nvme0n1", "/dev/nvme1n1"]) {
      const table = JSON.parse(await readFile(partitionTableFile(dir, disk), "utf8"));
      expect(table.partitions.map((p: { device: string }) => p.device)).toEqual([1, 2, 3].map((n) => `${disk}p${n}`));
      expect((await stat(labDiskFile(dir, disk))).size).toBe(960 * GB);
      // Root partition (p2) starts after 1 MiB alignment + 500 MiB EFI.
      expect((await readAt(labDiskFile(dir, disk), 501 * MiB, ubuntu.bytes.length)).equals(ubuntu.bytes)).toBe(true);
      expect((await readAt(labDiskFile(dir, disk), MiB, 4096)).every((b) => b === 0)).toBe(true);
    }
    const root = osDir(dir);
    expect(await readFile(path.join(root, "etc/hostname"), "utf8")).toBe("web-1\n");
    expect(await readFile(path.join(root, "root/.ssh/authorized_keys"), "utf8")).toContain("olivia");
    expect(await readFile(path.join(root, "var/lib/cloud/seed/nocloud/user-data"), "utf8")).toContain("htop");
    expect(JSON.parse(await readFile(path.join(root, "etc/metal/network.json"), "utf8"))).toMatchObject({ asn: 4210000001, networks: [{ addresses: ["10.128.0.2"] }] });
    expect((await stat(path.join(root, "etc/metal/phone-home.json"))).mode & 0o777).toBe(0o600);
    expect(await readInstalledOs(root)).toEqual({ home: { machineId: instructions().machineId, apiUrl: "http://127.0.0.1:9", credential: "mmc_test" }, bootInfo });
  });

  it("on a checksum mismatch touches no disk, so a reinstall leaves the old OS bootable", async () => {
    await install(instructions());
    const bad = instructions({ reinstall: true, image: { id: "debian-12.0.20260401", url: `${host.url}/debian`, sha256: ubuntu.sha256 } });
    await expect(install(bad)).rejects.toBeInstanceOf(ChecksumMismatchError);
    expect((await readAt(labDiskFile(dir, "/dev/nvme0n1"), 501 * MiB, ubuntu.bytes.length)).equals(ubuntu.bytes)).toBe(true);
    expect((await readInstalledOs(osDir(dir)))?.bootInfo.bootloaderId).toBe("ubuntu");
  });

  it("on reinstall keeps the data of disks not marked wipeOnReinstall", async () => {
    const layout = { ...mirrored, disks: [mirrored.disks[0], { ...mirrored.disks[1], wipeOnReinstall: false }] };
    await install(instructions({ filesystemLayout: layout }));
    const data = labDiskFile(dir, "/dev/nvme1n1");
    const lvmStart = (501 + 50_000) * MiB;
    const fh = await open(data, "r+");
    await fh.write(Buffer.from("tenant data"), 0, 11, lvmStart);
    await fh.close();

    await install(instructions({ filesystemLayout: layout, reinstall: true, image: { id: "debian-12.0.20260401", url: `${host.url}/debian`, sha256: debian.sha256 } }));
    expect((await readAt(data, lvmStart, 11)).toString()).toBe("tenant data");
    expect((await readAt(labDiskFile(dir, "/dev/nvme0n1"), 501 * MiB, debian.bytes.length)).equals(debian.bytes)).toBe(true);
    expect((await readAt(data, 501 * MiB, debian.bytes.length)).equals(debian.bytes)).toBe(true);
  });

  it("wiping zeroes the disk files and removes partition tables and the installed OS", async () => {
    const inv = inventory([{ name: "/dev/sda", sizeBytes: 480 * GB }]);
    await install(instructions({ filesystemLayout: singleDisk }), inv);
    expect((await readAt(labDiskFile(dir, "/dev/sda"), 501 * MiB, 512)).every((b) => b === 0)).toBe(false);
    const config = agentConfigSchema.parse({ apiUrl: "http://127.0.0.1:9", partition: "lab", bootCredential: "mbc_x", diskDir: dir });
    await wipeDisks(config, inv.hardware.disks, silentLogger);
    expect((await readAt(labDiskFile(dir, "/dev/sda"), 501 * MiB, ubuntu.bytes.length)).every((b) => b === 0)).toBe(true);
    expect((await stat(labDiskFile(dir, "/dev/sda"))).size).toBe(480 * GB);
    await expect(stat(partitionTableFile(dir, "/dev/sda"))).rejects.toThrow();
    expect(await readInstalledOs(osDir(dir))).toBeNull();
  });

  it("never touches real disks: without a disk dir it refuses to install and skips the wipe", async () => {
    const config = agentConfigSchema.parse({ apiUrl: "http://127.0.0.1:9", partition: "lab", bootCredential: "mbc_x" });
    const lines: string[] = [];
    await wipeDisks(config, [{ name: "/dev/sda", sizeBytes: 1 }], (_l, m) => lines.push(m));
    expect(lines.join("\n")).toMatch(/not wiping \/dev\/sda.*--allow-disk-wipe/);
    await expect(installMachine({ diskDir: undefined, apiUrl: "x", inventory: nvmeInventory, install: instructions(), credential: "c", signal, log: silentLogger })).rejects.toThrow(/real disks/);
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });
});
