import { describe, expect, it } from "vitest";
import { firmwareBytes, renderLanConf, renderSimEmu } from "./ipmi-sim-config";

const lan = { name: "bmc-m1", host: "127.0.0.1", port: 9001, user: "admin", password: "s3cret", chassisControl: "'/usr/bin/node' '/x/chassis-control.mjs' 'http://127.0.0.1:1' 'm1'" };

describe("lan.conf", () => {
  it("binds the LAN channel to host and port, with one admin user and the chassis program", () => {
    const conf = renderLanConf(lan);
    expect(conf).toContain('name "bmc-m1"');
    expect(conf).toContain("    addr 127.0.0.1 9001");
    expect(conf).toContain(`  chassis_control "${lan.chassisControl}"`);
    expect(conf).toContain('  user 2 true "admin" "s3cret" admin 4 none md2 md5 straight');
  });

  it("refuses values that would break out of lan.conf's quoting or exceed IPMI's limits", () => {
    expect(() => renderLanConf({ ...lan, password: 'a"b' })).toThrow(/BMC password/);
    expect(() => renderLanConf({ ...lan, password: "x".repeat(21) })).toThrow(/20 bytes/);
    expect(() => renderLanConf({ ...lan, user: "with space" })).toThrow(/BMC user/);
    expect(() => renderLanConf({ ...lan, name: "../x" })).toThrow(/BMC name/);
    expect(() => renderLanConf({ ...lan, chassisControl: 'a"b' })).toThrow(/chassis_control/);
  });

  it("a refused password is not echoed in the error", () => {
    expect(() => renderLanConf({ ...lan, password: 'top"secret' })).toThrow(expect.objectContaining({ message: expect.not.stringContaining("top") }));
  });
});

describe("sim.emu", () => {
  it("encodes the firmware revision as Get Device ID does: binary major, BCD minor", () => {
    expect(firmwareBytes("2.45")).toEqual(["0x2", "0x45"]);
    expect(firmwareBytes("12.03")).toEqual(["0xc", "0x03"]);
    expect(() => firmwareBytes("2.4")).toThrow(/M\.mm/);
    expect(() => firmwareBytes("200.00")).toThrow(/M\.mm/);
  });

  it("adds the MC, sensors with present power supplies, and the FRU file", () => {
    const emu = renderSimEmu({ firmwareVersion: "3.17", fruFile: "/tmp/x/fru.bin", fruSize: 120, inletCelsius: 24 });
    expect(emu).toContain("mc_add 0x20 0 no-device-sdrs 0x23 0x3 0x17 0x9f 0x1291 0xf02 persist_sdr");
    expect(emu).toContain("sensor_set_bit 0x20 0 2 0 1 0");
    expect(emu).toContain('mc_add_fru_data 0x20 0 120 file 0 "/tmp/x/fru.bin"');
    expect(emu.trim().split("\n").at(-1)).toBe("mc_enable 0x20");
  });
});
