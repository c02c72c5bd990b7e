import { type BmcConnection, type BmcDriver, BmcError, type BootDevice } from "../driver";
import { DEFAULT_POWER_DEADLINE_MS, DEFAULT_SETTLE_MS } from "../settle";
import { RedfishClient, type RedfishDoc } from "./client";
import { readChassisPower } from "./info";
import { bootTargets, identifyPatch, identifyState, toPowerState } from "./parse";
import { runPowerOp } from "./power";
import type { PowerOp } from "./reset-plan";
import { chassisSchema, managerSchema, type RedfishSystem, systemSchema } from "./schemas";
import { discoverTopology, type Topology } from "./topology";

/**
 * BmcDriver over Redfish (DSP0266/DSP0268) for one BMC. The first call discovers the
 * system, manager and chassis and logs in (a session, or basic auth); both are reused until
 * close(), which deletes the session. Calls reject with a BmcError (driver.ts kinds) whose
 * message never contains the password or the session token. An invalid address throws a
 * BmcError ("rejected") from createRedfishDriver itself.
 */
export type RedfishDriver = BmcDriver & { close(): Promise<void> };

export function createRedfishDriver(conn: BmcConnection): RedfishDriver {
  const client = new RedfishClient(conn);
  const resetTypes = new Map<string, string[]>();
  let discovered: Promise<{ topology: Topology; system: RedfishDoc<RedfishSystem> }> | null = null;

  const discover = () => {
    discovered ??= discoverTopology(client).catch((err: unknown) => {
      discovered = null;
      throw err;
    });
    return discovered;
  };
  const settle = { settleMs: conn.settleMs ?? DEFAULT_SETTLE_MS, deadlineMs: conn.powerDeadlineMs ?? DEFAULT_POWER_DEADLINE_MS };
  const power = (op: PowerOp) => client.scrubbed(async () => runPowerOp(client, (await discover()).topology.system, op, resetTypes, settle));

  return {
    powerOn: () => power("on"),
    powerOff: () => power("off"),
    reset: () => power("reset"),
    cycle: () => power("cycle"),

    powerState: () => client.scrubbed(async () => {
      const { topology } = await discover();
      return toPowerState((await client.get(topology.system, systemSchema)).data.PowerState);
    }),

    setBootDevice: (dev: BootDevice, persistent: boolean) => client.scrubbed(async () => {
      // Allowed values do not change at runtime: the system document from discovery tells them.
      const { topology, system } = await discover();
      const boot = system.data.Boot;
      const target = bootTargets[dev];
      const enabled = persistent ? "Continuous" : "Once";
      const targets = boot?.["BootSourceOverrideTarget@Redfish.AllowableValues"];
      const modes = boot?.["BootSourceOverrideEnabled@Redfish.AllowableValues"];
      if (!boot) throw new BmcError("unsupported", `boot ${dev}: ${topology.system} has no Boot settings`);
      if (targets && !targets.includes(target)) throw new BmcError("unsupported", `boot ${dev}: ${topology.system} does not offer BootSourceOverrideTarget ${target} (${targets.join(", ")})`);
      if (modes && !modes.includes(enabled)) throw new BmcError("unsupported", `boot ${dev}: ${topology.system} does not offer BootSourceOverrideEnabled ${enabled} (${modes.join(", ")})`);
      await client.patch(topology.system, { Boot: { BootSourceOverrideTarget: target, BootSourceOverrideEnabled: enabled } });
    }),

    setIdentify: (on: boolean) => client.scrubbed(async () => {
      // The system's indicator when it has one, else the chassis' (older BMCs keep it there).
      const { topology, system } = await discover();
      const onSystem = identifyPatch(system.data, on);
      if (onSystem) return client.patch(topology.system, onSystem);
      const chassis = topology.chassis ? await client.get(topology.chassis, chassisSchema) : null;
      const onChassis = chassis && identifyPatch(chassis.data, on);
      if (!chassis || !onChassis) throw new BmcError("unsupported", `identify: neither ${topology.system} nor its chassis has an indicator LED`);
      await client.patch(chassis.url, onChassis);
    }),

    readInfo: () => client.scrubbed(async () => {
      const { topology } = await discover();
      const [system, manager, chassis] = await Promise.all([
        client.get(topology.system, systemSchema),
        topology.manager ? client.get(topology.manager, managerSchema) : null,
        topology.chassis ? readChassisPower(client, topology.chassis) : null,
      ]);
      const s = system.data;
      return {
        powerState: toPowerState(s.PowerState),
        manufacturer: s.Manufacturer ?? "",
        model: s.Model ?? "",
        serial: s.SerialNumber ?? "",
        firmwareVersion: manager?.data.FirmwareVersion ?? "",
        biosVersion: s.BiosVersion ?? "",
        powerWatts: chassis?.watts ?? null,
        powerSupplies: chassis?.supplies ?? [],
        identifyOn: identifyState(s) ?? chassis?.identifyOn ?? null,
      };
    }),

    close: () => client.close(),
  };
}
