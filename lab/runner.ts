import { osDir } from "@/agents/machine/disks";
import { readInstalledOs } from "@/agents/machine/os-files";
import { type LabBmcOptions, startLabBmcs } from "./bmc/lab-bmcs";
import { createLabMachines, type LabAgentSettings, type LabLayout, type LabMachine, labMachineSpecs } from "./machines";

/**
 * The lab partition: N simulated machines, all powered on, so that they register and wait
 * pre-booted. A machine whose disks hold an installed OS (from an earlier run of the lab) boots
 * from disk, as a BMC set to "boot disk" after the install would make it; every other machine
 * boots PXE. stop() powers every machine off (their agents stop cleanly).
 *
 * `machines` is the count (default 8: two racks, two sizes). Without `bootCredential` each
 * machine takes the one its iPXE script carries (GET /api/boot/ipxe), as real hardware does.
 * Agent intervals default to the agent's own (60 s heartbeat and phone home, 5 s crash delay).
 * With `bmc`, every machine gets a lab BMC (lab/bmc/lab-bmcs.ts) that the control plane's
 * workers drive over Redfish or IPMI; without, the machines have no BMC (power only from here).
 */
export type StartLabOptions = LabAgentSettings & {
  dataDir: string;
  machines?: number;
  labName?: string;
  racks?: LabLayout["racks"];
  sizes?: LabLayout["sizes"];
  bmc?: LabBmcOptions;
  /** Runs once the machines exist, before they are powered on. */
  beforePowerOn?: (machines: LabMachine[]) => Promise<void>;
};

export type Lab = { machines: LabMachine[]; machine: (id: string) => LabMachine; stop: () => Promise<void> };

export async function startLab(o: StartLabOptions): Promise<Lab> {
  const specs = labMachineSpecs({ dataDir: o.dataDir, labName: o.labName, count: o.machines, racks: o.racks, sizes: o.sizes });
  const machines = await createLabMachines(specs, o);
  const bmcs = o.bmc ? await startLabBmcs(machines, o.bmc) : null;
  await o.beforePowerOn?.(machines);
  await Promise.all(machines.map(async (m) => {
    const installed = await readInstalledOs(osDir(m.spec.dir));
    await m.power.setBootDevice(installed ? "disk" : "pxe", true);
    await m.power.powerOn();
  }));
  return {
    machines,
    machine: (id) => {
      const m = machines.find((x) => x.id === id);
      if (!m) throw new Error(`no lab machine ${id}`);
      return m;
    },
    stop: async () => {
      await Promise.all(machines.map((m) => m.power.powerOff()));
      await bmcs?.stop();
    },
  };
}
