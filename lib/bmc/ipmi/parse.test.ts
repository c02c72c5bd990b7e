import { describe, expect, it } from "vitest";
import { fixture } from "./test-support";
import { parseChassisStatusRaw, parsePowerStatus, parseRawBytes } from "./parse-chassis";
import { ParseError, parseFruPrint, parseMcInfo, parseSystemFirmwareVersion } from "./parse-inventory";
import { parseDcmiPowerReading, parsePowerSupplies } from "./parse-power";

describe("chassis answers", () => {
  it("reads the power state ipmi_sim reports", () => {
    expect(parsePowerStatus(fixture("ipmi-sim/power-status-on.stdout.txt"))).toBe("on");
    expect(parsePowerStatus("Chassis Power is off\n")).toBe("off");
  });

  it("rejects anything else, naming what it got", () => {
    expect(() => parsePowerStatus("")).toThrow(ParseError);
    expect(() => parsePowerStatus("Chassis Power is unknown\n")).toThrow(/got "Chassis Power is unknown"/);
  });

  it("decodes Get Chassis Status: power on, identify state unknown when the BMC does not support it (ipmi_sim)", () => {
    expect(parseChassisStatusRaw(fixture("ipmi-sim/chassis-status-raw.stdout.txt"))).toEqual({ powerState: "on", identifyOn: null });
  });

  it("decodes the identify state bits when the BMC reports them", () => {
    // byte 3: bit 6 = supported, bits 5:4 = 0 off, 1 temporary on, 2 indefinite on
    expect(parseChassisStatusRaw(" 21 10 40 00\n")).toEqual({ powerState: "on", identifyOn: false });
    expect(parseChassisStatusRaw(" 20 00 50\n")).toEqual({ powerState: "off", identifyOn: true });
    expect(parseChassisStatusRaw(" 01 00 60 00\n")).toEqual({ powerState: "on", identifyOn: true });
  });

  it("raw output must be hex bytes, at least three for chassis status", () => {
    expect(parseRawBytes(" 01 ff 0a\n 10\n")).toEqual([1, 255, 10, 16]);
    expect(() => parseRawBytes("Unable to send RAW command")).toThrow(ParseError);
    expect(() => parseChassisStatusRaw(" 01 00\n")).toThrow(/at least 3 bytes/);
  });
});

describe("mc info", () => {
  it("takes the firmware revision and the manufacturer", () => {
    expect(parseMcInfo(fixture("ipmi-sim/mc-info.stdout.txt"))).toEqual({ firmwareVersion: "3.17", manufacturer: "MontaVista Software, Inc." });
    expect(parseMcInfo(fixture("vendor/dell-idrac-mc-info.txt"))).toEqual({ firmwareVersion: "2.65", manufacturer: "DELL Inc" });
    expect(parseMcInfo(fixture("vendor/supermicro-mc-info.txt"))).toEqual({ firmwareVersion: "3.88", manufacturer: "Supermicro" });
  });

  it("an unknown manufacturer ID is no manufacturer; no firmware line is malformed", () => {
    expect(parseMcInfo("Firmware Revision : 1.02\nManufacturer Name : Unknown (0xABCD)\n").manufacturer).toBe("");
    expect(() => parseMcInfo("Device ID : 32\n")).toThrow(/Firmware Revision/);
  });
});

describe("fru print 0", () => {
  it("reads the lab FRU that lab/bmc/fru.ts encodes", () => {
    expect(parseFruPrint(fixture("ipmi-sim/fru-print-0.stdout.txt"))).toEqual({ manufacturer: "Lab Systems", model: "LS-2000", serial: "LAB-0001" });
  });

  it("Dell: product area, service tag as serial", () => {
    expect(parseFruPrint(fixture("vendor/dell-r740-fru-print-0.txt"))).toEqual({ manufacturer: "DELL", model: "PowerEdge R740", serial: "7QK2XW2" });
  });

  it("Dell with only a board area and the product serial", () => {
    expect(parseFruPrint(fixture("vendor/dell-r730-board-only-fru-print-0.txt"))).toEqual({ manufacturer: "DELL", model: "PowerEdge R730", serial: "D8B9T5X" });
  });

  it("Supermicro: 'NONE' product name falls back to the product part number", () => {
    expect(parseFruPrint(fixture("vendor/supermicro-x11dpt-fru-print-0.txt"))).toEqual({ manufacturer: "Supermicro", model: "SYS-2029BT-HNTR", serial: "A328789X9100000" });
  });

  it("Supermicro without product name or serial: board part number and chassis serial", () => {
    expect(parseFruPrint(fixture("vendor/supermicro-x10dru-no-product-fru-print-0.txt"))).toEqual({ manufacturer: "Supermicro", model: "X10DRU-i+", serial: "C829UAE38B00001" });
  });

  it("no FRU at all gives empty fields", () => {
    expect(parseFruPrint(" Device not present (Invalid data field in request)\n")).toEqual({ manufacturer: "", model: "", serial: "" });
  });
});

describe("system firmware version", () => {
  it("trims the NUL padding some BMCs return", () => {
    expect(parseSystemFirmwareVersion("2.12.2\u0000\u0000\u0000\n")).toBe("2.12.2");
    expect(parseSystemFirmwareVersion(fixture("ipmi-sim/getsysinfo-system-fw-version.stdout.txt"))).toBe("");
  });
});

describe("dcmi power reading", () => {
  it("takes the instantaneous reading when the measurement is active", () => {
    expect(parseDcmiPowerReading(fixture("vendor/dcmi-power-reading-activated.txt"))).toBe(332);
  });

  it("null when deactivated, or when the BMC has no DCMI (ipmi_sim)", () => {
    expect(parseDcmiPowerReading(fixture("vendor/dcmi-power-reading-deactivated.txt"))).toBeNull();
    expect(parseDcmiPowerReading(fixture("ipmi-sim/dcmi-power-reading.stdout.txt"))).toBeNull();
  });
});

describe("power supplies from sdr type \"Power Supply\"", () => {
  it("lab: two present supplies", () => {
    expect(parsePowerSupplies(fixture("ipmi-sim/sdr-type-power-supply.stdout.txt"))).toEqual([
      { name: "PSU 1", health: "OK", state: "Enabled" },
      { name: "PSU 2", health: "OK", state: "Enabled" },
    ]);
  });

  it("Dell: AC lost is critical; the redundancy sensor on the board is not a supply", () => {
    expect(parsePowerSupplies(fixture("vendor/dell-sdr-type-power-supply-ac-lost.txt"))).toEqual([
      { name: "PSU 1", health: "OK", state: "Enabled" },
      { name: "PSU 2", health: "Critical", state: "Enabled" },
    ]);
  });

  it("Supermicro: several sensors per supply are one supply; one with no reading is absent", () => {
    expect(parsePowerSupplies(fixture("vendor/supermicro-sdr-type-power-supply-one-absent.txt"))).toEqual([
      { name: "PSU 1", health: "OK", state: "Enabled" },
      { name: "PSU 2", health: "Unknown", state: "Absent" },
    ]);
  });

  it("failure and a critical status are critical, predictive failure a warning", () => {
    expect(parsePowerSupplies(fixture("vendor/sdr-type-power-supply-failed.txt")).map((p) => p.health)).toEqual(["Critical", "Warning", "Critical", "OK"]);
  });

  it("no sensor records, no supplies", () => {
    expect(parsePowerSupplies("")).toEqual([]);
    expect(parsePowerSupplies("Get SDR 0000 command failed: Requested sensor, data, or record not found\n")).toEqual([]);
  });
});
