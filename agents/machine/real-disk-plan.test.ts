import { describe, expect, it } from "vitest";
import { type Layout, LayoutError, MiB, planLayout } from "./layout";
import { mirrored, singleDisk } from "./layout.fixtures";
import { bootPartitionNumber, extlinuxConfig, installedCmdline, kexecLoad, mkfsCommands, mountPlan, partitionCommands, wipeCommands } from "./real-disk-plan";

const vm: Layout = {
  ...singleDisk,
  disks: [{ device: "/dev/vda", wipeOnReinstall: true, partitions: [{ number: 1, label: "efi", sizeMiB: 64, gptType: "ef00" }, { number: 2, label: "root", sizeMiB: 0 }] }],
  filesystems: [
    { device: "/dev/vda1", path: "/boot/efi", format: "vfat", label: "efi", createOptions: ["-F", "32"] },
    { device: "/dev/vda2", path: "/", format: "ext4", label: "root" },
    { device: "tmpfs", path: "/tmp", format: "tmpfs" },
  ],
};
const GiB = 1024 * MiB;

describe("real disk commands planned from a layout", () => {
  const planned = planLayout(vm, [{ name: "/dev/vda", sizeBytes: 2 * GiB }, { name: "/dev/vdb", sizeBytes: MiB }]);

  it("partitions only the layout's disk, at the planned sectors, root marked legacy BIOS bootable", () => {
    const boot = bootPartitionNumber(vm, planned);
    expect(boot).toEqual({ disk: "/dev/vda", number: 2 });
    expect(planned.map((d) => d.device)).toEqual(["/dev/vda"]);
    expect(partitionCommands(planned[0], boot.number)).toEqual([
      { cmd: "sgdisk", args: ["--zap-all", "/dev/vda"] },
      { cmd: "sgdisk", args: [
        "-n", "1:2048:133119", "-t", "1:ef00", "-c", "1:efi",
        // 2 GiB = 4194304 sectors; 1 MiB (2048 sectors) kept at the end for the backup GPT.
        "-n", "2:133120:4192255", "-t", "2:8300", "-c", "2:root", "-A", "2:set:2",
        "/dev/vda",
      ] },
    ]);
  });

  it("makes each filesystem with its label and options; tmpfs needs none", () => {
    expect(mkfsCommands(vm, planned)).toEqual([
      { cmd: "mkfs.vfat", args: ["-n", "EFI", "-F", "32", "/dev/vda1"] },
      { cmd: "mkfs.ext4", args: ["-F", "-q", "-L", "root", "/dev/vda2"] },
    ]);
  });

  it("mounts parents first and skips tmpfs", () => {
    expect(mountPlan(vm, "/mnt/target")).toEqual([
      { device: "/dev/vda2", dir: "/mnt/target", format: "ext4" },
      { device: "/dev/vda1", dir: "/mnt/target/boot/efi", format: "vfat" },
    ]);
  });

  it("refuses RAID and LVM on real disks rather than guessing", () => {
    const p = planLayout(mirrored, [{ name: "/dev/nvme0n1", sizeBytes: 960e9 }, { name: "/dev/nvme1n1", sizeBytes: 960e9 }]);
    expect(() => bootPartitionNumber(mirrored, p)).toThrow(/RAID or LVM/);
    expect(() => mkfsCommands(mirrored, p)).toThrow(LayoutError);
  });

  it("a layout that does not fit the disk fails before any command is planned", () => {
    expect(() => planLayout(vm, [{ name: "/dev/vda", sizeBytes: 32 * MiB }])).toThrow(/does not fit on a 32 MiB disk/);
  });

  it("wipes signatures of the partitions and the disk, then the partition table", () => {
    expect(wipeCommands("/dev/vda", ["/dev/vda1", "/dev/vda2"]).map((c) => `${c.cmd} ${c.args.join(" ")}`)).toEqual([
      "wipefs -a -f /dev/vda1", "wipefs -a -f /dev/vda2", "wipefs -a -f /dev/vda", "sgdisk --zap-all /dev/vda",
    ]);
  });

  it("boots the installed kernel on the agent's console, by extlinux and by kexec", () => {
    const cmdline = installedCmdline("/dev/vda2", "initrd=initrd console=ttyS0 METAL_API_URL=http://x console=tty0\n", 30);
    expect(cmdline).toBe("root=/dev/vda2 console=ttyS0 console=tty0 ro METAL_PHONE_HOME_INTERVAL=30");
    const boot = { kernel: "/boot/vmlinuz", initrd: "/boot/initrd.img", cmdline };
    expect(extlinuxConfig(boot)).toContain(`  LINUX /boot/vmlinuz\n  INITRD /boot/initrd.img\n  APPEND ${cmdline}\n`);
    expect(kexecLoad("/mnt/target", boot)).toEqual({ cmd: "kexec", args: ["-l", "/mnt/target/boot/vmlinuz", "--initrd=/mnt/target/boot/initrd.img", `--command-line=${cmdline}`] });
  });
});
