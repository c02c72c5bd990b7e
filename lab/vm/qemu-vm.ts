import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { appendFileSync, existsSync, mkdirSync, openSync, closeSync, ftruncateSync } from "node:fs";
import path from "node:path";
import { SimPowerDriver } from "../sim-power";
import { stopProcessGroup } from "../bmc/process-group";

/**
 * A real machine for the lab: a QEMU VM (TCG, no KVM here; LAB-RECIPES §4) whose power switch is
 * a SimPowerDriver — the lab's chassis, which ipmi_sim's chassis_control drives through the
 * chassis control server (lab/bmc). Power on starts QEMU with the boot device first in its boot
 * order (pxe: the NIC's iPXE, then the disk; disk: the disk, then the NIC, as a firmware falls
 * through); power off and reset stop QEMU's process group.
 *
 * The VM: SeaBIOS, N vCPUs on one socket, M MiB, a virtio NIC on QEMU's user network (the host
 * is 10.0.2.2; DHCP hands iPXE the partition's iPXE script URL with the VM's MAC), a virtio
 * disk (a sparse raw file, discard=unmap so the agent's blkdiscard punches holes) and the
 * NVRAM: a 1 MiB virtio disk with serial "metal-nvram" where the agent keeps its machine
 * credential across disk wipes. The serial console is the second port (ttyS1, where the lab
 * partition's command line puts the console, as on servers with SOL there); it is appended to
 * console.log in the VM's directory.
 */
export type QemuVmSpec = {
  name: string;
  uuid: string;
  mac: string;
  cpus: number;
  memoryMiB: number;
  diskBytes: number;
  dir: string;
  /** What the VM's iPXE fetches (10.0.2.2 = the host's loopback). */
  ipxeUrl: string;
  qemu?: string;
};

export const QEMU = "qemu-system-x86_64";

/** Why QEMU VMs cannot run here, or null. */
export function missingQemu(): string | null {
  const q = spawnSync(QEMU, ["--version"], { encoding: "utf8" });
  if (q.error || q.status !== 0) return `${QEMU} is not installed (apt-get install qemu-system-x86 ipxe-qemu)`;
  if (!existsSync("/usr/lib/ipxe/qemu/efi-virtio.rom") && !existsSync("/usr/share/qemu/efi-virtio.rom")) return "iPXE ROMs for QEMU are missing (apt-get install ipxe-qemu)";
  return null;
}

export function qemuArgs(spec: QemuVmSpec, device: "pxe" | "disk"): string[] {
  const [net, disk] = device === "pxe" ? [1, 2] : [2, 1];
  const file = (name: string) => path.join(spec.dir, name);
  if (/[,\s]/.test(spec.ipxeUrl)) throw new Error(`iPXE URL ${spec.ipxeUrl}: no commas or spaces (QEMU option syntax)`);
  return [
    "-machine", "pc", "-accel", "tcg", "-name", spec.name, "-uuid", spec.uuid,
    "-m", String(spec.memoryMiB), "-smp", `${spec.cpus},sockets=1,cores=${spec.cpus},threads=1`,
    "-display", "none", "-monitor", "none", "-nodefaults",
    "-chardev", `file,id=console,path=${file("console.log")},append=on`, "-serial", "null", "-serial", "chardev:console",
    "-netdev", `user,id=n0,bootfile=${spec.ipxeUrl}`,
    "-device", `virtio-net-pci,netdev=n0,mac=${spec.mac},bootindex=${net}`,
    "-drive", `file=${file("disk.img")},format=raw,if=none,id=disk0,discard=unmap,cache=unsafe`,
    "-device", `virtio-blk-pci,drive=disk0,bootindex=${disk}`,
    "-drive", `file=${file("nvram.img")},format=raw,if=none,id=nvram`,
    "-device", "virtio-blk-pci,drive=nvram,serial=metal-nvram",
  ];
}

/** QEMUs still running: if the lab's process ends without powering them off, none is left behind. */
const running = new Set<ChildProcess>();
let exitHookInstalled = false;
function track(child: ChildProcess): void {
  running.add(child);
  child.once("exit", () => running.delete(child));
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once("exit", () => {
    for (const c of running) {
      try {
        process.kill(-(c.pid as number), "SIGKILL");
      } catch {
        // Gone in the meantime.
      }
    }
  });
}

export class QemuVm {
  readonly power: SimPowerDriver;
  /** QEMU processes started (one per power-on), for tests and logs. */
  starts = 0;

  constructor(readonly spec: QemuVmSpec, onError: (err: unknown) => void = (err) => console.error(`lab VM ${spec.name}: ${(err as Error).message}`)) {
    this.power = new SimPowerDriver((device, signal) => this.run(device, signal), onError);
  }

  get id(): string {
    return this.spec.uuid;
  }

  get consoleLog(): string {
    return path.join(this.spec.dir, "console.log");
  }

  get diskFile(): string {
    return path.join(this.spec.dir, "disk.img");
  }

  /** Creates the disk and NVRAM files once (sparse); they keep their content across power cycles. */
  prepare(): void {
    mkdirSync(this.spec.dir, { recursive: true });
    for (const [name, size] of [["disk.img", this.spec.diskBytes], ["nvram.img", 1 << 20]] as const) {
      const file = path.join(this.spec.dir, name);
      if (existsSync(file)) continue;
      const fd = openSync(file, "w");
      ftruncateSync(fd, size);
      closeSync(fd);
    }
  }

  /** One power-on: QEMU runs until power off aborts the signal (or it exits by itself). */
  private async run(device: "pxe" | "disk", signal: AbortSignal): Promise<void> {
    if (signal.aborted) return;
    this.prepare();
    appendFileSync(this.consoleLog, `\n===== ${new Date().toISOString()} power on, boot ${device} =====\n`);
    const child: ChildProcess = spawn(this.spec.qemu ?? QEMU, qemuArgs(this.spec, device), { detached: true, stdio: ["ignore", "ignore", "pipe"] });
    this.starts += 1;
    if (child.pid !== undefined) track(child);
    let stderr = "";
    child.stderr?.on("data", (c: Buffer) => (stderr = (stderr + c.toString()).slice(-2000)));
    const exited = new Promise<number | null>((resolve) => {
      child.once("exit", (code) => resolve(code));
      child.once("error", (err) => {
        stderr += err.message;
        resolve(-1);
      });
    });
    const onAbort = () => void stopProcessGroup(child, 3000);
    signal.addEventListener("abort", onAbort, { once: true });
    const code = await exited;
    signal.removeEventListener("abort", onAbort);
    if (!signal.aborted && code !== 0) throw new Error(`QEMU exited (${code}): ${stderr.trim() || "no output"}`);
  }
}
