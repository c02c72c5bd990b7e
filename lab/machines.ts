import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { runAgent } from "@/agents/machine/agent";
import { osDir } from "@/agents/machine/disks";
import { sleep } from "@/agents/machine/log";
import { readInstalledOs } from "@/agents/machine/os-files";
import { agentConfigSchema } from "@/agents/machine/config";
import type { Logger } from "@/agents/machine/log";
import { ipxeKernelParams } from "./ipxe";
import { instantiateProfile, type LabSize, type Profile } from "./profiles";
import { SimPowerDriver } from "./sim-power";

/**
 * The lab's simulated machines: each has a hardware profile, a directory
 * `<dataDir>/lab/<uuid>/` (profile.json, sparse disk files, installed OS) and a power switch.
 * Powering on runs the real machine agent in-process (agents/machine runAgent, the same code
 * the standalone program runs, over HTTP); powering off aborts it. The boot device decides
 * whether the agent provisions (PXE) or the installed OS phones home (disk). A PXE boot first
 * does what the machine's firmware does: fetch the partition's iPXE script with its MAC
 * (which records "PXE Booting" for a known machine), retrying until the boot service answers.
 */
export type LabMachineSpec = { index: number; uuid: string; name: string; rack: string; slot: number; sizeId: LabSize; dir: string; profile: Profile };

export type LabAgentSettings = {
  apiUrl: string;
  partitionId: string;
  /** Omitted: taken from the iPXE script at each PXE boot, as a real machine does. */
  bootCredential?: string;
  phoneHomeIntervalSeconds?: number;
  heartbeatIntervalSeconds?: number;
  crashDelaySeconds?: number;
  waitTimeoutSeconds?: number;
  /** The live fabric (lab/fabric/topology.ts): the machine's network namespace, where its installed OS runs FRR. */
  netns?: (machine: LabMachineSpec) => string | null;
  /** A logger per machine; by default warnings and errors go to the console. */
  log?: (machine: LabMachineSpec) => Logger;
};

/** The machine's NVRAM: its agent keeps the machine credential there; it survives disk wipes and lab restarts. */
export const labCredentialFile = (spec: { dir: string }) => path.join(spec.dir, "nvram", "machine-credential");

export type LabLayout = { dataDir: string; labName?: string; count?: number; racks?: string[]; sizes?: LabSize[] };

/** Machines go round-robin over the racks; within a rack, sizes alternate by slot. */
export function labMachineSpecs(o: LabLayout): LabMachineSpec[] {
  const labName = o.labName ?? "lab";
  const racks = o.racks ?? ["r01", "r02"];
  const sizes = o.sizes ?? ["c1-small-x86", "c1-large-x86"];
  return Array.from({ length: o.count ?? 8 }, (_, index) => {
    const rack = racks[index % racks.length];
    const slot = Math.floor(index / racks.length);
    const sizeId = sizes[slot % sizes.length];
    const profile = instantiateProfile(sizeId, { labName, index, rack, slot });
    const name = `${labName}-${rack}-${String(slot + 1).padStart(2, "0")}`;
    return { index, uuid: profile.uuid, name, rack, slot, sizeId, dir: path.join(o.dataDir, "lab", profile.uuid), profile };
  });
}

const warnings = (spec: LabMachineSpec): Logger => (level, message) => {
  if (level === "warn" || level === "error") console.error(`lab ${spec.name} (${spec.uuid}) ${level}: ${message}`);
};

export class LabMachine {
  readonly power: SimPowerDriver;
  readonly profileFile: string;

  constructor(readonly spec: LabMachineSpec, private readonly settings: LabAgentSettings) {
    this.profileFile = path.join(spec.dir, "profile.json");
    const log = (settings.log ?? warnings)(spec);
    this.power = new SimPowerDriver((device, signal) => this.boot(device, signal, log), (err) => log("error", `machine stopped: ${(err as Error).message}`));
  }

  get id(): string {
    return this.spec.uuid;
  }

  /** Puts the BMC into the hardware profile the agent registers (as metal-hammer reads it in-band). */
  async reportBmc(bmc: { protocol: "redfish" | "ipmi"; address: string; user: string; password: string }): Promise<void> {
    await writeFile(this.profileFile, `${JSON.stringify({ ...this.spec.profile, bmc: { ...bmc, mac: "" } }, null, 2)}\n`, { mode: 0o600 });
  }

  /** The firmware's iPXE request: the script once the boot service has answered, null on power off. */
  private async pxe(signal: AbortSignal, log: Logger): Promise<string | null> {
    const mac = this.spec.profile.hardware.nics?.[0]?.mac ?? "";
    const url = `${this.settings.apiUrl}/api/boot/ipxe?partition=${encodeURIComponent(this.settings.partitionId)}&mac=${mac}`;
    while (!signal.aborted) {
      const res = await fetch(url, { signal }).catch((err: Error) => err);
      const script = res instanceof Response && res.ok ? await res.text() : "";
      if (script.startsWith("#!ipxe")) return script;
      log("warn", `PXE: no iPXE script from ${url} (${res instanceof Response ? `HTTP ${res.status}` : res.message}); retrying`);
      await sleep(1000, signal);
    }
    return null;
  }

  private async boot(requested: "pxe" | "disk", signal: AbortSignal, log: Logger): Promise<void> {
    // Firmware boot order: an empty disk falls through to the network.
    const device = requested === "disk" && !(await readInstalledOs(osDir(this.spec.dir))) ? "pxe" : requested;
    let bootCredential = this.settings.bootCredential;
    if (device === "pxe") {
      const script = await this.pxe(signal, log);
      if (script === null) return;
      bootCredential ??= ipxeKernelParams(script).METAL_BOOT_CREDENTIAL;
      if (!bootCredential) throw new Error("the iPXE script carries no METAL_BOOT_CREDENTIAL");
    }
    const s = this.settings;
    const config = agentConfigSchema.parse({
      apiUrl: s.apiUrl,
      partition: s.partitionId,
      // Only a PXE boot registers; the installed OS of a disk boot has its machine credential.
      bootCredential: bootCredential ?? "mbc_unused-on-disk-boot",
      hardware: this.profileFile,
      diskDir: this.spec.dir,
      credentialFile: labCredentialFile(this.spec),
      boot: device,
      phoneHomeIntervalSeconds: s.phoneHomeIntervalSeconds,
      heartbeatIntervalSeconds: s.heartbeatIntervalSeconds,
      crashDelaySeconds: s.crashDelaySeconds,
      waitTimeoutSeconds: s.waitTimeoutSeconds,
      netns: s.netns?.(this.spec) ?? undefined,
    });
    return runAgent(config, { signal, log });
  }
}

/** Creates the machines' directories and profile files (kept across restarts: same disks, same UUIDs). */
export async function createLabMachines(specs: LabMachineSpec[], settings: LabAgentSettings): Promise<LabMachine[]> {
  return Promise.all(specs.map(async (spec) => {
    await mkdir(spec.dir, { recursive: true });
    const machine = new LabMachine(spec, settings);
    await writeFile(machine.profileFile, `${JSON.stringify(spec.profile, null, 2)}\n`);
    return machine;
  }));
}
