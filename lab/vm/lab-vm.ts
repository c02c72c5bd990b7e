import { createHash, randomBytes } from "node:crypto";
import path from "node:path";
import { type ChassisControlServer, startChassisControlServer } from "../bmc/chassis-control-server";
import { type IpmiSimBmc, startIpmiSimBmc } from "../bmc/ipmi-sim";
import { QemuVm, type QemuVmSpec } from "./qemu-vm";

/**
 * One lab VM with its BMC: the QEMU VM (qemu-vm.ts) behind an ipmi_sim whose chassis_control
 * starts and stops it (the same chassis-control.sh + server the simulated machines' IPMI BMCs
 * use). `guestBootUrl` is the boot listener as the guest reaches it (QEMU's user network:
 * http://10.0.2.2:<port> for a listener on the host's loopback).
 */
export type LabVmOptions = {
  dataDir: string;
  guestBootUrl: string;
  partitionId: string;
  name?: string;
  cpus?: number;
  memoryMiB?: number;
  diskBytes?: number;
  /** UDP port of the BMC; default a free one. */
  bmcPort?: number;
  onError?: (err: unknown) => void;
};
export type LabVm = { vm: QemuVm; bmc: { address: string; user: string; password: string }; stop(): Promise<void> };

/** A stable UUID and MAC per VM name (a restarted lab keeps its machine). */
export function vmIdentity(name: string): { uuid: string; mac: string } {
  const h = createHash("sha256").update(`lab-vm:${name}`).digest("hex");
  const uuid = `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
  const mac = `52:54:00:${h.slice(32, 34)}:${h.slice(34, 36)}:${h.slice(36, 38)}`;
  return { uuid, mac };
}

export async function startLabVm(o: LabVmOptions): Promise<LabVm> {
  const name = o.name ?? "lab-vm-01";
  const { uuid, mac } = vmIdentity(name);
  const spec: QemuVmSpec = {
    name, uuid, mac,
    cpus: o.cpus ?? 2,
    memoryMiB: o.memoryMiB ?? 1024,
    diskBytes: o.diskBytes ?? 2 * 1024 ** 3,
    dir: path.join(o.dataDir, "lab-vms", name),
    ipxeUrl: `${o.guestBootUrl}/api/boot/ipxe?partition=${encodeURIComponent(o.partitionId)}&mac=${mac}`,
  };
  const vm = new QemuVm(spec, o.onError);
  vm.prepare();
  let chassis: ChassisControlServer | null = null;
  let bmc: IpmiSimBmc | null = null;
  const user = "admin";
  const password = randomBytes(12).toString("base64url");
  const stop = async () => {
    await bmc?.stop();
    await chassis?.stop();
    await vm.power.powerOff();
  };
  try {
    chassis = await startChassisControlServer(new Map([[uuid, vm.power]]), { onError: o.onError });
    bmc = await startIpmiSimBmc({ machineId: uuid, chassisControl: chassis, user, password, port: o.bmcPort, dir: spec.dir, fru: { manufacturer: "QEMU", product: "Lab VM (TCG)", serial: name } });
  } catch (err) {
    await stop();
    throw err;
  }
  return { vm, bmc: { address: bmc.address, user, password }, stop };
}
