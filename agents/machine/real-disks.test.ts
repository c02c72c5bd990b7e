import { mkdir, mkdtemp, readFile, rm, stat, truncate, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { InstallInstructions } from "@/lib/contracts/agent";
import { CommandError, runCommand, type Runner } from "./exec";
import type { Inventory } from "./inventory";
import { ChecksumMismatchError } from "./image";
import { MiB } from "./layout";
import { silentLogger } from "./log";
import { installOnRealDisks, loadInstalledOs } from "./real-disks";
import { readAt, serveFiles } from "./test-support";

/**
 * The real-disk installer's order and error reporting, against a disk that is a file in a temp
 * directory (so nothing here can touch a disk of this host) and a runner that records each
 * command instead of running sgdisk/mkfs/mount/kexec (those need a VM: lab/vm/vm.integration.test.ts
 * runs them for real). What is checked: nothing is written before the image is verified, only
 * the layout's devices are named, and a failing command's stderr reaches the error.
 */
const image = Buffer.from("a lab OS image (a tar in real life)\n");
const SHA = "9a3b2a5d1e1f7cba1e0f0dbd7e6b8c5de1c70e6c7bd3a8c0b7d2d7e0a3f6f7b1"; // not the image's

describe("installing onto real disks", () => {
  let dir: string;
  let disk: string;
  let host: Awaited<ReturnType<typeof serveFiles>>;
  let commands: string[];
  let failOn: { cmd: string; error: CommandError } | null;
  const signal = new AbortController().signal;
  const run: Runner = async (cmd, args) => {
    commands.push([cmd, ...args].join(" "));
    if (failOn?.cmd === cmd) throw failOn.error;
    return "";
  };
  const sha256 = async () => (await import("node:crypto")).createHash("sha256").update(image).digest("hex");

  const instructions = async (over: { sizeMiB?: number; sha?: string } = {}): Promise<InstallInstructions> => ({
    machineId: "m1", generation: 1, hostname: "vm-one", asn: 4210000001, networks: [], dnsServers: [], ntpServers: [],
    image: { id: "metal-vm-1.0.20261205", url: `${host.url}/image`, sha256: over.sha ?? (await sha256()) },
    filesystemLayout: {
      id: "vm", raid: [], volumeGroups: [], logicalVolumes: [], constraints: { sizes: [], images: {} },
      disks: [{ device: disk, wipeOnReinstall: true, partitions: [{ number: 1, label: "efi", sizeMiB: over.sizeMiB ?? 16, gptType: "ef00" }, { number: 2, label: "root", sizeMiB: 0 }] }],
      filesystems: [{ device: `${disk}1`, path: "/boot/efi", format: "vfat", label: "efi" }, { device: `${disk}2`, path: "/", format: "ext4", label: "root" }],
    },
    sshPublicKeys: ["ssh-ed25519 AAAA olivia"], userdata: "", reinstall: false,
  });
  const inventory = (nics: Inventory["hardware"]["nics"] = []): Inventory => ({
    uuid: "00000000-0000-0000-0000-0000000000a1",
    hardware: { cpus: [{ model: "QEMU", cores: 2 }], memoryBytes: 2 * 1024 * MiB, disks: [{ name: disk, sizeBytes: 64 * MiB }], gpus: [], nics },
  });
  const install = async (i: InstallInstructions, inv: Inventory = inventory()) =>
    installOnRealDisks(
      { install: i, inventory: inv, home: { machineId: "m1", apiUrl: "http://api", credential: "mmc_x" }, signal, log: silentLogger },
      { scratchDir: path.join(dir, "scratch"), phoneHomeIntervalSeconds: 60, target: path.join(dir, "target"), gptMbr: path.join(dir, "gptmbr.bin"), procCmdline: "console=ttyS1,115200n8 METAL_API_URL=x", run },
    );

  beforeAll(async () => {
    host = await serveFiles({ "/image": image });
  });
  afterAll(async () => host.close());
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "agent-real-"));
    disk = path.join(dir, "diska"); // not a name in /sys/block: no partitions are listed for it
    await writeFile(disk, "");
    await truncate(disk, 64 * MiB);
    // The partition device nodes the kernel would create after sgdisk.
    await Promise.all([writeFile(`${disk}1`, ""), writeFile(`${disk}2`, "")]);
    await writeFile(path.join(dir, "gptmbr.bin"), Buffer.alloc(440, 0xab));
    commands = [];
    failOn = null;
    return () => rm(dir, { recursive: true, force: true });
  });

  it("runs wipe, sgdisk, mkfs, mount, tar, extlinux and kexec -l in order, naming only the layout's devices", async () => {
    const boot = await install(await instructions());
    expect(boot).toEqual({ primaryDisk: disk, osPartition: `${disk}2`, kernel: "/boot/vmlinuz", initrd: "/boot/initrd.img", cmdline: `root=${disk}2 console=ttyS1,115200n8 ro METAL_PHONE_HOME_INTERVAL=60`, bootloaderId: "metal-vm" });
    const target = path.join(dir, "target");
    expect(commands.map((c) => c.split(" ")[0])).toEqual(["wipefs", "sgdisk", "sgdisk", "sgdisk", "mkfs.vfat", "mkfs.ext4", "mount", "mount", "tar", "extlinux", "kexec", "umount", "umount"]);
    expect(commands).toContain(`mount -t ext4 ${disk}2 ${target}`);
    expect(commands).toContain(`kexec -l ${target}/boot/vmlinuz --initrd=${target}/boot/initrd.img --command-line=${boot.cmdline}`);
    const named = commands.flatMap((c) => c.split(" ").filter((w) => w.startsWith("/") && !w.startsWith(dir)));
    expect(named).toEqual([]); // every path is the layout's disk, its partitions or the install's own files
    expect((await readAt(disk, 0, 440)).every((b) => b === 0xab)).toBe(true); // gptmbr.bin's boot code
    expect((await readAt(disk, 440, 72)).every((b) => b === 0)).toBe(true); // the partition entries are sgdisk's
    expect(await readFile(path.join(target, "boot/extlinux/extlinux.conf"), "utf8")).toContain(`APPEND ${boot.cmdline}`);
    expect(await readFile(path.join(target, "etc/hostname"), "utf8")).toBe("vm-one\n");
    await expect(stat(path.join(dir, "scratch/image.download"))).rejects.toThrow();
  });

  it("writes the host network (lo addresses, BGP unnumbered to both leaves) when the NICs see leaves", async () => {
    const nic = (name: string, mac: string, leaf: string) => ({ name, mac, neighbours: [{ switchName: leaf, port: "Ethernet3" }] });
    const i = { ...(await instructions()), networks: [{ networkId: "n1", kind: "private", vrf: 30, primary: true, addresses: ["10.0.0.5"], prefixes: ["10.0.0.0/22"], destinationPrefixes: [], nat: false }] } as InstallInstructions;
    await install(i, inventory([nic("lan0", "52:54:00:00:00:01", "r01leaf01"), nic("lan1", "52:54:00:00:00:02", "r01leaf02")]));
    const frr = await readFile(path.join(dir, "target/etc/frr/frr.conf"), "utf8");
    expect(frr).toContain("router bgp 4210000001");
    expect(frr).toMatch(/neighbor lan0 interface/);
    expect(frr).toMatch(/neighbor lan1 interface/);
    expect(frr).toContain("10.0.0.5/32");
  });

  it("writes no host network when no NIC sees a leaf", async () => {
    await install(await instructions());
    await expect(stat(path.join(dir, "target/etc/frr/frr.conf"))).rejects.toThrow();
  });

  it("a layout that does not fit the disk fails before anything is downloaded or written", async () => {
    await expect(install(await instructions({ sizeMiB: 100 }))).rejects.toThrow(/partition 1 \(efi\) does not fit on a 64 MiB disk/);
    expect(commands).toEqual([]);
  });

  it("a checksum mismatch leaves the disks untouched (the previous OS stays)", async () => {
    await expect(install(await instructions({ sha: SHA }))).rejects.toBeInstanceOf(ChecksumMismatchError);
    expect(commands).toEqual([]);
    expect((await readAt(disk, 0, 512)).every((b) => b === 0)).toBe(true);
  });

  it("a failing kexec is an install failure with kexec's stderr, and the filesystems are unmounted", async () => {
    failOn = { cmd: "kexec", error: new CommandError("kexec -l …", 1, "Cannot determine the file type of /mnt/target/boot/vmlinuz\n") };
    await expect(install(await instructions())).rejects.toThrow("kexec -l … failed (exit 1): Cannot determine the file type of /mnt/target/boot/vmlinuz");
    expect(commands.slice(-2).map((c) => c.split(" ")[0])).toEqual(["umount", "umount"]);
  });
});

describe("booting the previous installation after a failed reinstall", () => {
  it("mounts its root, hands it the new machine credential, loads its kernel and unmounts", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "agent-prev-"));
    const commands: string[] = [];
    const run: Runner = async (cmd, args) => (commands.push([cmd, ...args].join(" ")), "");
    const bootInfo = { primaryDisk: "/dev/vda", osPartition: "/dev/vda2", kernel: "/boot/vmlinuz", initrd: "/boot/initrd.img", cmdline: "root=/dev/vda2 ro", bootloaderId: "metal-vm" };
    await loadInstalledOs(bootInfo, { machineId: "m1", apiUrl: "http://api", credential: "mmc_new" }, { target: dir, run }, silentLogger);
    expect(commands).toEqual([`mount /dev/vda2 ${dir}`, `kexec -l ${dir}/boot/vmlinuz --initrd=${dir}/boot/initrd.img --command-line=root=/dev/vda2 ro`, `umount ${dir}`]);
    expect(JSON.parse(await readFile(path.join(dir, "etc/metal/phone-home.json"), "utf8"))).toEqual({ machineId: "m1", apiUrl: "http://api", credential: "mmc_new" });
    await rm(dir, { recursive: true, force: true });
  });
});

describe("runCommand", () => {
  it("reports a failing command with its exit status and stderr", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "agent-cmd-"));
    await mkdir(path.join(dir, "x"));
    const err = await runCommand("rmdir", [path.join(dir, "missing")]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CommandError);
    expect((err as Error).message).toMatch(new RegExp(`^rmdir ${dir}/missing failed \\(exit 1\\): rmdir: failed to remove .*No such file or directory`));
    await rm(dir, { recursive: true, force: true });
  });

  it("says so when the tool is not installed", async () => {
    await expect(runCommand("metal-no-such-tool", ["--help"])).rejects.toThrow("metal-no-such-tool --help failed (not installed)");
  });
});
