import { createHash } from "node:crypto";
import type { BootDevice, Health } from "@/lib/bmc/driver";

/**
 * The Redfish documents the lab BMC serves, built from a snapshot of its chassis. Shapes
 * follow DSP0268 (ServiceRoot 1.15, ComputerSystem 1.20, Manager 1.17, Chassis 1.22, Power
 * 1.7) with the ids a small BMC uses ("1"), so a driver reading them needs no lab special case.
 */
export type RedfishBmcInfo = {
  manufacturer: string;
  model: string;
  serial: string;
  firmwareVersion: string;
  biosVersion: string;
  /** The system UUID (SMBIOS), when known. */
  uuid?: string;
};

export type SystemView = {
  powerState: "On" | "Off" | "PoweringOn" | "PoweringOff";
  boot: { target: string; enabled: "Once" | "Continuous"; mode: "UEFI" | "Legacy" };
  identify: boolean;
};

export const v1 = "/redfish/v1";
/** Per system id ("1", and "2" on a BMC with a second system): its own chassis, one manager for all. */
export const pathsOf = (id: string) => ({
  system: `${v1}/Systems/${id}`,
  reset: `${v1}/Systems/${id}/Actions/ComputerSystem.Reset`,
  resetInfo: `${v1}/Systems/${id}/ResetActionInfo`,
  chassis: `${v1}/Chassis/${id}`,
  power: `${v1}/Chassis/${id}/Power`,
});
export const paths = {
  ...pathsOf("1"),
  manager: `${v1}/Managers/1`,
  sessions: `${v1}/SessionService/Sessions`,
};

export const bootTargetOf: Record<BootDevice, string> = { pxe: "Pxe", disk: "Hdd", bios: "BiosSetup" };
export const deviceOfTarget: Record<string, BootDevice | undefined> = { Pxe: "pxe", Hdd: "disk", BiosSetup: "bios" };
export const bootTargets = ["None", "Pxe", "Hdd", "BiosSetup"];
export const bootModes = ["Disabled", "Once", "Continuous"];
export const overrideModes = ["Legacy", "UEFI"];

const ref = (id: string) => ({ "@odata.id": id });
const collection = (type: string, id: string, members: string[]) => ({
  "@odata.type": `#${type}Collection.${type}Collection`, "@odata.id": id, Name: `${type} Collection`,
  "Members@odata.count": members.length, Members: members.map(ref),
});

export function serviceRoot(uuid: string, sessions: boolean) {
  return {
    "@odata.type": "#ServiceRoot.v1_15_0.ServiceRoot", "@odata.id": `${v1}/`, Id: "RootService", Name: "Root Service",
    RedfishVersion: "1.15.0", UUID: uuid,
    Systems: ref(`${v1}/Systems`), Managers: ref(`${v1}/Managers`), Chassis: ref(`${v1}/Chassis`), Tasks: ref(`${v1}/TaskService`),
    ...(sessions ? { SessionService: ref(`${v1}/SessionService`), Links: { Sessions: ref(paths.sessions) } } : { Links: {} }),
  };
}

export function collections(ids: string[]): Record<string, () => object> {
  return {
    [`${v1}/Systems`]: () => collection("ComputerSystem", `${v1}/Systems`, ids.map((id) => pathsOf(id).system)),
    [`${v1}/Managers`]: () => collection("Manager", `${v1}/Managers`, [paths.manager]),
    [`${v1}/Chassis`]: () => collection("Chassis", `${v1}/Chassis`, ids.map((id) => pathsOf(id).chassis)),
  };
}

export function sessionService() {
  return {
    "@odata.type": "#SessionService.v1_1_8.SessionService", "@odata.id": `${v1}/SessionService`, Id: "SessionService",
    Name: "Session Service", ServiceEnabled: true, SessionTimeout: 1800, Sessions: ref(paths.sessions),
  };
}

export function sessionDoc(id: string, user: string) {
  return { "@odata.type": "#Session.v1_5_0.Session", "@odata.id": `${paths.sessions}/${id}`, Id: id, Name: "User Session", UserName: user };
}

export type SystemDocOptions = {
  id: string;
  reset: { types: string[]; viaActionInfo: boolean };
  /** Leave Manufacturer, Model and SerialNumber out (some BMCs keep them on the Chassis only). */
  inventoryOnChassisOnly?: boolean;
};

export function system(info: RedfishBmcInfo, view: SystemView, o: SystemDocOptions) {
  const p = pathsOf(o.id);
  const reset = o.reset;
  const doc = {
    "@odata.type": "#ComputerSystem.v1_20_0.ComputerSystem", "@odata.id": p.system, Id: o.id, Name: `System ${o.id}`,
    SystemType: "Physical",
    ...(o.inventoryOnChassisOnly ? {} : { Manufacturer: info.manufacturer, Model: info.model, SerialNumber: info.serial }),
    ...(info.uuid ? { UUID: info.uuid } : {}),
    BiosVersion: info.biosVersion, PowerState: view.powerState,
    Status: { State: "Enabled", Health: "OK" },
    LocationIndicatorActive: view.identify, IndicatorLED: view.identify ? "Lit" : "Off",
    Boot: {
      BootSourceOverrideTarget: view.boot.target, BootSourceOverrideEnabled: view.boot.enabled, BootSourceOverrideMode: view.boot.mode,
      "BootSourceOverrideTarget@Redfish.AllowableValues": bootTargets,
      "BootSourceOverrideEnabled@Redfish.AllowableValues": bootModes,
      "BootSourceOverrideMode@Redfish.AllowableValues": overrideModes,
    },
    Actions: {
      "#ComputerSystem.Reset": {
        target: p.reset,
        ...(reset.viaActionInfo ? { "@Redfish.ActionInfo": p.resetInfo } : { "ResetType@Redfish.AllowableValues": reset.types }),
      },
    },
    Links: { Chassis: [ref(p.chassis)], ManagedBy: [ref(paths.manager)] },
  };
  // bmcweb style: a strong ETag over the representation, also in the body.
  const etag = `"${createHash("sha256").update(JSON.stringify(doc)).digest("hex").slice(0, 16)}"`;
  return { doc: { ...doc, "@odata.etag": etag }, etag };
}

export function resetActionInfo(id: string, types: string[]) {
  return {
    "@odata.type": "#ActionInfo.v1_3_0.ActionInfo", "@odata.id": pathsOf(id).resetInfo, Id: "ResetActionInfo", Name: "Reset Action Info",
    Parameters: [{ Name: "ResetType", Required: true, DataType: "String", AllowableValues: types }],
  };
}

export function manager(info: RedfishBmcInfo, ids: string[]) {
  return {
    "@odata.type": "#Manager.v1_17_0.Manager", "@odata.id": paths.manager, Id: "1", Name: "Manager", ManagerType: "BMC",
    FirmwareVersion: info.firmwareVersion, Status: { State: "Enabled", Health: "OK" }, PowerState: "On",
    Links: { ManagerForServers: ids.map((id) => ref(pathsOf(id).system)), ManagerForChassis: ids.map((id) => ref(pathsOf(id).chassis)) },
  };
}

export function chassis(id: string, info: RedfishBmcInfo, view: SystemView) {
  const p = pathsOf(id);
  return {
    "@odata.type": "#Chassis.v1_22_0.Chassis", "@odata.id": p.chassis, Id: id, Name: `Chassis ${id}`, ChassisType: "RackMount",
    Manufacturer: info.manufacturer, Model: info.model, SerialNumber: info.serial,
    PowerState: view.powerState, LocationIndicatorActive: view.identify, IndicatorLED: view.identify ? "Lit" : "Off",
    Status: { State: "Enabled", Health: "OK" }, Power: ref(p.power),
    Links: { ComputerSystems: [ref(p.system)], ManagedBy: [ref(paths.manager)] },
  };
}

/** Plausible draw: a few watts of standby when off, 150–250 W (fixed per serial) when on. */
export function powerWatts(serial: string, on: boolean): number {
  const spread = createHash("sha256").update(serial).digest().readUInt16BE(0);
  return on ? 150 + (spread % 100) : 6 + (spread % 6);
}

export function power(id: string, info: RedfishBmcInfo, on: boolean, supplies: Health[]) {
  const watts = powerWatts(info.serial, on);
  const p = pathsOf(id);
  return {
    "@odata.type": "#Power.v1_7_1.Power", "@odata.id": p.power, Id: "Power", Name: "Power",
    PowerControl: [{
      "@odata.id": `${p.power}#/PowerControl/0`, MemberId: "0", Name: "System Input Power",
      PowerConsumedWatts: watts, PowerCapacityWatts: 800 * supplies.length, Status: { State: "Enabled", Health: "OK" },
    }],
    PowerSupplies: supplies.map((health, i) => ({
      "@odata.id": `${p.power}#/PowerSupplies/${i}`, MemberId: String(i), Name: `PSU${i + 1}`,
      PowerCapacityWatts: 800, LastPowerOutputWatts: Math.round(watts / supplies.length), LineInputVoltage: 230,
      Status: { State: health === "Unknown" ? "Absent" : "Enabled", Health: health === "Unknown" ? null : health },
    })),
  };
}
