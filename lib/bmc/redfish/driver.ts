import { type BmcConnection, type BmcDriver, BmcError, type BootDevice, type RestartHooks } from "../driver";
import { DEFAULT_POWER_DEADLINE_MS, DEFAULT_SETTLE_MS } from "../settle";
import { parseRedfishTarget } from "./address";
import { RedfishClient, type RedfishDoc } from "./client";
import { readChassisPower } from "./info";
import { bootTargets, identifyPatch, identifyState, toPowerState } from "./parse";
import { runPowerOp } from "./power";
import type { PowerOp } from "./reset-plan";
import { chassisSchema, managerSchema, type RedfishSystem, systemSchema } from "./schemas";
import { discoverTopology, type SystemSelector, type Topology } from "./topology";

/**
 * BmcDriver over Redfish (DSP0266/DSP0268) for one computer system of one BMC. The first
 * call discovers the system (topology.ts: the one the connection names, else the only one),
 * its manager and chassis, and logs in (a session, or basic auth); both are kept with the
 * client. `createRedfishDriver` owns its client: close() deletes the session. Workers lease
 * drivers from the session pool (pool.ts) instead, so that commands and polls of one BMC
 * share one session. Calls reject with a BmcError (driver.ts kinds) whose message never
 * contains the password or a session token. An invalid address throws a BmcError
 * ("rejected") from createRedfishDriver itself.
 */
export type RedfishDriver = BmcDriver & { close(): Promise<void> };
type Discovered = { topology: Topology; system: RedfishDoc<RedfishSystem>; systems: string[] };

/** What a client learnt about its BMC's systems; kept per client, so a pooled session shares it. */
const discoveries = new WeakMap<RedfishClient, Map<string, Promise<Discovered>>>();
const resetTypeCaches = new WeakMap<RedfishClient, Map<string, string[]>>();

function selectorOf(conn: BmcConnection): SystemSelector {
  return { path: parseRedfishTarget(conn.address).systemPath, id: conn.systemId?.trim() || null };
}

export function createRedfishDriver(conn: BmcConnection): RedfishDriver {
  const client = new RedfishClient(conn);
  return redfishDriverOn(client, conn, () => client.close());
}

/** A driver for the connection's system over a (possibly shared) client; `close` is the caller's. */
export function redfishDriverOn(client: RedfishClient, conn: BmcConnection, close: () => Promise<void>): RedfishDriver {
  const wanted = selectorOf(conn);
  const key = `${wanted.path ?? ""}|${wanted.id ?? ""}`;
  if (!discoveries.has(client)) discoveries.set(client, new Map());
  if (!resetTypeCaches.has(client)) resetTypeCaches.set(client, new Map());
  const cache = discoveries.get(client)!;
  const resetTypes = resetTypeCaches.get(client)!;

  const discover = () => {
    let found = cache.get(key);
    if (!found) {
      found = discoverTopology(client, wanted);
      cache.set(key, found);
      found.catch(() => cache.delete(key));
    }
    return found;
  };
  const settle = { settleMs: conn.settleMs ?? DEFAULT_SETTLE_MS, deadlineMs: conn.powerDeadlineMs ?? DEFAULT_POWER_DEADLINE_MS };
  const power = (op: PowerOp, hooks?: RestartHooks) => client.scrubbed(async () => runPowerOp(client, (await discover()).topology.system, op, resetTypes, settle, hooks));
  const bootMode = conn.bootMode === "legacy" ? "Legacy" : "UEFI";

  return {
    powerOn: () => power("on"),
    powerOff: () => power("off"),
    reset: (hooks) => power("reset", hooks),
    cycle: (hooks) => power("cycle", hooks),

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
      // The mode only where the BMC shows it can be set: some reject the property (read-only,
      // or a system without CSM), and then the firmware's own mode applies.
      const bootModes = boot["BootSourceOverrideMode@Redfish.AllowableValues"];
      const canSetMode = bootModes ? bootModes.includes(bootMode) : boot.BootSourceOverrideMode != null;
      if (bootModes && !canSetMode) {
        throw new BmcError("config", `boot ${dev}: ${topology.system} does not offer BootSourceOverrideMode ${bootMode} (${bootModes.join(", ")}); set the machine's boot mode to ${bootModes.includes("UEFI") ? "uefi" : "legacy"}`);
      }
      await client.patch(topology.system, { Boot: { BootSourceOverrideTarget: target, BootSourceOverrideEnabled: enabled, ...(canSetMode ? { BootSourceOverrideMode: bootMode } : {}) } });
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
      const { topology, systems } = await discover();
      const [system, manager, chassis] = await Promise.all([
        client.get(topology.system, systemSchema),
        topology.manager ? client.get(topology.manager, managerSchema) : null,
        topology.chassis ? readChassisPower(client, topology.chassis) : null,
      ]);
      const s = system.data;
      // Inventory from the Chassis where the System lacks it (some BMCs keep it only there).
      const c = chassis?.doc;
      return {
        powerState: toPowerState(s.PowerState),
        manufacturer: s.Manufacturer || c?.Manufacturer || "",
        model: s.Model || c?.Model || "",
        serial: s.SerialNumber || c?.SerialNumber || "",
        firmwareVersion: manager?.data.FirmwareVersion ?? "",
        biosVersion: s.BiosVersion ?? "",
        powerWatts: chassis?.watts ?? null,
        powerSupplies: chassis?.supplies ?? [],
        identifyOn: identifyState(s) ?? chassis?.identifyOn ?? null,
        systems,
      };
    }),

    close,
  };
}
