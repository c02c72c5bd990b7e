import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { BmcError } from "../driver";
import { parseRedfishAddress } from "./address";
import {
  allowedFromActionInfo, errorMessage, firstMember, identifyPatch, identifyState, parseResource, taskOutcome, toPowerState,
  toPowerSupplyInfo,
} from "./parse";
import { chassisSchema, environmentMetricsSchema, managerSchema, powerSchema, serviceRootSchema, systemSchema } from "./schemas";

const mockup = (p: string): unknown =>
  JSON.parse(readFileSync(path.join(import.meta.dirname, "fixtures", "public-rackmount1", p, "index.json"), "utf8"));

describe("Redfish parsers on the DMTF mockup", () => {
  it("reads the service root, collections and the system", () => {
    const root = parseResource(serviceRootSchema, mockup(""), "/redfish/v1/");
    expect(root.Links?.Sessions?.["@odata.id"]).toBe("/redfish/v1/SessionService/Sessions");
    expect(firstMember(mockup("Systems"), "/redfish/v1/Systems")).toBe("/redfish/v1/Systems/437XR1138R2");
    const system = parseResource(systemSchema, mockup("Systems/437XR1138R2"), "s");
    expect(toPowerState(system.PowerState)).toBe("on");
    expect(system.Links?.Chassis?.[0]["@odata.id"]).toBe("/redfish/v1/Chassis/1U");
    expect(system.Actions?.["#ComputerSystem.Reset"]?.["ResetType@Redfish.AllowableValues"]).toContain("ForceRestart");
    expect(system.Boot?.["BootSourceOverrideTarget@Redfish.AllowableValues"]).toEqual(expect.arrayContaining(["Pxe", "Hdd", "BiosSetup"]));
    expect(identifyState(system)).toBe(false);
    expect(identifyPatch(system, true)).toEqual({ IndicatorLED: "Lit" });
  });

  it("reads the manager, chassis, power and environment metrics", () => {
    expect(parseResource(managerSchema, mockup("Managers/BMC"), "m").FirmwareVersion).toBe("1.45.455b66-rev4");
    const chassis = parseResource(chassisSchema, mockup("Chassis/1U"), "c");
    expect(identifyState(chassis)).toBe(true);
    const power = parseResource(powerSchema, mockup("Chassis/1U/Power"), "p");
    expect(power.PowerControl?.[0].PowerConsumedWatts).toBe(344);
    expect(power.PowerSupplies?.map(toPowerSupplyInfo)).toEqual([{ name: "Power Supply Bay", health: "Warning", state: "Enabled" }]);
    expect(parseResource(environmentMetricsSchema, mockup("Chassis/1U/EnvironmentMetrics"), "e").PowerWatts?.Reading).toBe(374);
  });

  it("names the URL and the field when a resource is malformed", () => {
    const { PowerState: _ps, ...noPower } = mockup("Systems/437XR1138R2") as Record<string, unknown>;
    expect(() => parseResource(systemSchema, noPower, "https://bmc/redfish/v1/Systems/1")).toThrow(
      /malformed Redfish resource https:\/\/bmc\/redfish\/v1\/Systems\/1: PowerState/,
    );
    expect(() => parseResource(systemSchema, { PowerState: "Sideways" }, "u")).toThrow(BmcError);
    expect(() => firstMember({ Members: [{}] }, "https://bmc/redfish/v1/Chassis")).toThrow(/Chassis: Members\.0\.@odata\.id/);
    expect(firstMember({ Members: [] }, "u")).toBeNull();
  });
});

describe("Redfish small parsers", () => {
  it("prefers LocationIndicatorActive over IndicatorLED", () => {
    expect(identifyState({ LocationIndicatorActive: true, IndicatorLED: "Off" })).toBe(true);
    expect(identifyState({ IndicatorLED: "Blinking" })).toBe(true);
    expect(identifyState({})).toBeNull();
    expect(identifyPatch({ LocationIndicatorActive: false, IndicatorLED: "Off" }, true)).toEqual({ LocationIndicatorActive: true });
    expect(identifyPatch({}, true)).toBeNull();
  });

  it("power states between on and off count as what the machine does now", () => {
    expect(toPowerState("PoweringOff")).toBe("on");
    expect(toPowerState("PoweringOn")).toBe("off");
    expect(toPowerState("Off")).toBe("off");
  });

  it("reads allowable reset types from ActionInfo, error messages and task states", () => {
    const info = { Parameters: [{ Name: "ResetType", Required: true, AllowableValues: ["On", "ForceOff"] }] };
    expect(allowedFromActionInfo(info, "u")).toEqual(["On", "ForceOff"]);
    expect(allowedFromActionInfo({ Parameters: [] }, "u")).toBeNull();
    const error = { error: { code: "Base.1.8.GeneralError", message: "general", "@Message.ExtendedInfo": [{ Message: "The property Foo is unknown." }] } };
    expect(errorMessage(error)).toBe("The property Foo is unknown.");
    expect(errorMessage({ error: { message: "only this" } })).toBe("only this");
    expect(errorMessage("<html>")).toBeNull();
    expect(taskOutcome({ TaskState: "Running" })).toEqual({ state: "running" });
    expect(taskOutcome({ TaskState: "Completed" })).toEqual({ state: "done" });
    expect(taskOutcome(null)).toEqual({ state: "done" });
    expect(taskOutcome({ TaskState: "Exception", Messages: [{ Message: "fan failure" }] })).toEqual({ state: "failed", message: "task Exception: fan failure" });
  });
});

describe("Redfish addresses", () => {
  it.each([
    ["10.0.0.5", "https://10.0.0.5"],
    ["bmc.example:8443", "https://bmc.example:8443"],
    ["http://127.0.0.1:9000", "http://127.0.0.1:9000"],
    ["https://bmc:443/redfish/v1/", "https://bmc"],
    ["fd00::5", "https://[fd00::5]"],
    ["[fd00::5]:8443", "https://[fd00::5]:8443"],
  ])("%s → %s", (address, origin) => {
    expect(parseRedfishAddress(address)).toBe(origin);
  });

  it("refuses other schemes, empty addresses and credentials, without echoing the password", () => {
    expect(() => parseRedfishAddress("ftp://bmc")).toThrow(/unsupported scheme/);
    expect(() => parseRedfishAddress("  ")).toThrow(/empty/);
    let message = "";
    try {
      parseRedfishAddress("https://admin:hunter22@bmc");
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/credentials in the address/);
    expect(message).not.toContain("hunter22");
  });
});
