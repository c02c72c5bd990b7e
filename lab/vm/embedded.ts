import { execFile } from "node:child_process";
import { closeSync, openSync, readSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { eq } from "drizzle-orm";
import { createBmcDriver } from "@/lib/bmc/factory";
import { systemActor } from "@/lib/auth/principal";
import { getDb } from "@/lib/db/client";
import { machines } from "@/lib/db/schema";
import { updateMachineBmc } from "@/lib/services/bmc/records";
import { missingIpmiTools } from "../bmc/ipmi-tools";
import { readVmManifest } from "./artifacts";
import { seedVmCatalog } from "./catalog";
import { startGuestProxy } from "./guest-proxy";
import { type LabVm, startLabVm } from "./lab-vm";
import { missingQemu } from "./qemu-vm";

/**
 * `LAB_VMS=N npm start`: N real QEMU VMs join the embedded lab partition next to its simulated
 * machines. Each has an ipmi_sim BMC driving QEMU; the VM registers its real hardware (size
 * v1-lab-vm) and installs the lab OS images (metal-vm-*) onto its virtio disk. The artifacts are
 * built on first use (npm run lab:vm-artifacts). The VM cannot read its BMC in-band, so the lab
 * records it for the machine once it has registered, as an operator would.
 */
export type EmbeddedVms = { vms: LabVm[]; stop(): Promise<void> };

/** A disk with a GPT ("EFI PART" at LBA 1) holds an installation: power on from disk, as the BMC was left. */
function hasPartitionTable(file: string): boolean {
  const buf = Buffer.alloc(8);
  try {
    const fd = openSync(file, "r");
    readSync(fd, buf, 0, 8, 512);
    closeSync(fd);
  } catch {
    return false;
  }
  return buf.toString("latin1") === "EFI PART";
}

async function recordBmcOnceRegistered(lab: LabVm, signal: AbortSignal): Promise<void> {
  const db = await getDb();
  const id = lab.vm.id;
  while (!signal.aborted) {
    const [known] = await db.select({ id: machines.id }).from(machines).where(eq(machines.id, id)).limit(1);
    if (known) {
      // Every start: the BMC's password is new each time the lab starts it.
      await updateMachineBmc(systemActor("embedded lab"), id, { protocol: "ipmi", ...lab.bmc });
      return;
    }
    await new Promise((r) => setTimeout(r, 2000));
  }
}

export async function startEmbeddedVms(o: { count: number; bootUrl: string; dataDir: string; partitionId: string; bmcBasePort: number; log: (msg: string) => void }): Promise<EmbeddedVms | null> {
  const missing = missingQemu() ?? missingIpmiTools();
  if (missing) {
    o.log(`LAB_VMS: no lab VMs: ${missing}`);
    return null;
  }
  // The build runs as its own program (it bundles the agent with esbuild, which stays out of the app's bundle).
  o.log("LAB_VMS: building the lab VM artifacts if needed (npm run lab:vm-artifacts) …");
  const script = path.join(/*turbopackIgnore: true*/ process.cwd(), "scripts", "vm-artifacts.ts");
  await promisify(execFile)(process.execPath, ["--import", "tsx", script], { env: { ...process.env, DATA_DIR: o.dataDir }, maxBuffer: 16 << 20, timeout: 15 * 60_000 });
  const manifest = readVmManifest(o.dataDir);
  if (!manifest) throw new Error("npm run lab:vm-artifacts did not produce the lab VM artifacts");
  await seedVmCatalog(systemActor("embedded lab"), o.bootUrl, manifest);
  // TCP beside the VMs' BMCs (UDP, bmcBasePort + i): one port range for the lab VMs.
  const proxy = await startGuestProxy({ bootUrl: o.bootUrl, port: o.bmcBasePort + 9 });
  const vms: LabVm[] = [];
  const stopped = new AbortController();
  for (let i = 0; i < o.count; i++) {
    const name = `lab-vm-${String(i + 1).padStart(2, "0")}`;
    const lab = await startLabVm({ dataDir: o.dataDir, guestBootUrl: proxy.guestUrl, partitionId: o.partitionId, name, bmcPort: o.bmcBasePort + i });
    vms.push(lab);
    const bmc = createBmcDriver({ protocol: "ipmi", ...lab.bmc });
    await bmc.setBootDevice(hasPartitionTable(lab.vm.diskFile) ? "disk" : "pxe", false);
    await bmc.powerOn();
    void recordBmcOnceRegistered(lab, stopped.signal).catch((err: Error) => o.log(`LAB_VMS: ${name}: could not record its BMC: ${err.message}`));
    o.log(`lab VM ${name} (${lab.vm.id}): QEMU TCG, ${lab.vm.spec.cpus} vCPUs, ${lab.vm.spec.memoryMiB} MiB, BMC ipmi ${lab.bmc.address}; serial console: tail -f ${lab.vm.consoleLog}`);
  }
  return {
    vms,
    stop: async () => {
      stopped.abort();
      await Promise.all(vms.map((v) => v.stop()));
      await proxy.stop();
    },
  };
}
