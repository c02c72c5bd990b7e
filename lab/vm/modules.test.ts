import { describe, expect, it } from "vitest";
import { closeModules, parseModulesDep } from "./modules";
import { qemuArgs } from "./qemu-vm";

const dep = parseModulesDep([
  "kernel/fs/ext4/ext4.ko: kernel/fs/jbd2/jbd2.ko kernel/fs/mbcache.ko kernel/lib/crc16.ko",
  "kernel/fs/jbd2/jbd2.ko:",
  "kernel/fs/mbcache.ko:",
  "kernel/lib/crc16.ko:",
  "kernel/drivers/block/virtio_blk.ko: kernel/drivers/virtio/virtio.ko kernel/drivers/virtio/virtio_ring.ko",
  "kernel/drivers/virtio/virtio.ko: kernel/drivers/virtio/virtio_ring.ko",
  "kernel/drivers/virtio/virtio_ring.ko:",
  "kernel/crypto/crc32c_generic.ko:",
].join("\n"));

describe("initramfs kernel modules", () => {
  it("takes each module with its dependencies, dependencies first, once", () => {
    expect(closeModules(dep, ["virtio-blk", "ext4", "virtio_blk"])).toEqual([
      "kernel/drivers/virtio/virtio_ring.ko", "kernel/drivers/virtio/virtio.ko", "kernel/drivers/block/virtio_blk.ko",
      "kernel/fs/jbd2/jbd2.ko", "kernel/fs/mbcache.ko", "kernel/lib/crc16.ko", "kernel/fs/ext4/ext4.ko",
    ]);
  });

  it("names a module the kernel does not have as a module", () => {
    expect(() => closeModules(dep, ["e1000"])).toThrow(/e1000 is not in modules.dep/);
  });
});

describe("the lab VM's QEMU command line", () => {
  const spec = { name: "vm", uuid: "u", mac: "52:54:00:00:00:01", cpus: 2, memoryMiB: 1024, diskBytes: 1, dir: "/d", ipxeUrl: "http://10.0.2.2:1/api/boot/ipxe?partition=lab&mac=52:54:00:00:00:01" };
  it("puts the boot device first in the firmware's boot order, the other next", () => {
    const pxe = qemuArgs(spec, "pxe").join(" ");
    expect(pxe).toContain("virtio-net-pci,netdev=n0,mac=52:54:00:00:00:01,bootindex=1");
    expect(pxe).toContain("virtio-blk-pci,drive=disk0,bootindex=2");
    expect(qemuArgs(spec, "disk").join(" ")).toContain("virtio-blk-pci,drive=disk0,bootindex=1");
    expect(pxe).toContain("-smp 2,sockets=1,cores=2,threads=1");
  });
  it("refuses an iPXE URL QEMU's option syntax would split", () => {
    expect(() => qemuArgs({ ...spec, ipxeUrl: "http://x/a,b" }, "pxe")).toThrow(/no commas/);
  });
});
