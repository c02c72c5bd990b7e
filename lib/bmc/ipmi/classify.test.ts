import { describe, expect, it } from "vitest";
import { BmcError } from "../driver";
import { parseIpmiAddress } from "./address";
import { classifyIpmitoolFailure } from "./classify";
import { fixture } from "./test-support";

const classify = (stderrFixture: string, action = "power on") =>
  classifyIpmitoolFailure({ action, stderr: fixture(`ipmi-sim/${stderrFixture}.stderr.txt`), target: "10.0.0.5:623" });

describe("ipmitool failures → BmcError kinds (stderr captured from ipmi_sim)", () => {
  it("wrong password or user: auth, 'authentication failed', with the RAKP reason", () => {
    const password = classify("wrong-password");
    expect(password.kind).toBe("auth");
    expect(password.message).toBe("power on: authentication failed (RAKP 2 HMAC is invalid)");
    const user = classify("wrong-user");
    expect(user.kind).toBe("auth");
    expect(user.message).toContain("authentication failed (RAKP 2 message indicates an error : unauthorized name)");
  });

  it("nothing answers: unreachable, naming the target", () => {
    const err = classify("no-answer");
    expect(err.kind).toBe("unreachable");
    expect(err.message).toBe("power on: no answer from the BMC at 10.0.0.5:623 (Get Auth Capabilities error)");
    expect(err.retryable).toBe(true);
  });

  it("the BMC stops answering mid-session: unreachable", () => {
    for (const f of ["power-status", "power-on", "bootdev", "identify"]) {
      expect(classify(`no-answer-mid-session-${f}`).kind, f).toBe("unreachable");
    }
  });

  it("a cipher suite the BMC does not offer: config, never retried, saying what to change", () => {
    const err = classifyIpmitoolFailure({ action: "power on", stderr: fixture("ipmi-sim/cipher-17-rejected.stderr.txt"), target: "h:623", cipherSuite: 17 });
    expect(err).toMatchObject({ kind: "config", retryable: false });
    expect(err.message).toBe("power on: the BMC does not accept IPMI cipher suite 17 (Error in open session response message : invalid authentication algorithm); enable cipher suite 17 for IPMI over LAN in the BMC's settings");
    // ipmitool aborting on a suite it cannot build for this BMC (captured from ipmi_sim with -C 11).
    expect(classify("cipher-11-assertion")).toMatchObject({ kind: "config", message: expect.stringContaining("does not accept IPMI cipher suite 3 (ipmitool: lanplus.c:1839") });
  });

  it("a BMC answering with other algorithms than asked for, or without IPMI 2.0: config, not unreachable", () => {
    const cc = (name: string) => classifyIpmitoolFailure({ action: "power status", stderr: fixture(`vendor/${name}.stderr.txt`), target: "h:623" });
    expect(cc("cipher-auth-algorithm-mismatch")).toEqual(new BmcError("config", "power status: the BMC does not accept IPMI cipher suite 3 (Authentication algorithm 0x01 is not what we requested 0x03); enable cipher suite 3 for IPMI over LAN in the BMC's settings"));
    expect(cc("ipmi-v15-only")).toMatchObject({ kind: "config", retryable: false, message: expect.stringContaining("does not offer IPMI 2.0 / RMCP+") });
  });

  it("a completion code: rejected with ipmitool's line (ignoring -v noise)", () => {
    expect(classify("chassis-failed-power-on").message).toBe("power on: Set Chassis Power Control to Up/On failed: Unspecified error");
    for (const f of ["power-status", "power-on", "bootdev", "identify"]) expect(classify(`chassis-failed-${f}`).kind, f).toBe("rejected");
  });

  it("DCMI and Get System Info on a BMC without them: unsupported", () => {
    expect(classify("dcmi-power-reading").kind).toBe("unsupported");
    expect(classify("getsysinfo-system-fw-version").kind).toBe("unsupported");
  });

  it("completion codes that mean busy, privilege or timeout", () => {
    const cc = (line: string) => classifyIpmitoolFailure({ action: "x", stderr: `${line}\n`, target: "h:623" }).kind;
    expect(cc("Set Chassis Power Control to Up/On failed: Node busy")).toBe("busy");
    expect(cc("Set Chassis Power Control to Up/On failed: Insufficient privilege level")).toBe("auth");
    expect(cc("Error sending Chassis Status command: Timeout")).toBe("timeout");
    expect(cc("Error in open session response message : insufficient resources for session")).toBe("busy");
  });

  it("a killed process is a timeout", () => {
    const err = classifyIpmitoolFailure({ action: "mc info", stderr: "", timedOut: true, timeoutMs: 1500, target: "h:623" });
    expect(err).toEqual(new BmcError("timeout", "mc info: no answer from the BMC at h:623 within 1500 ms"));
  });

});

describe("BMC address", () => {
  it("host, host:port, bracketed and bare IPv6", () => {
    expect(parseIpmiAddress("10.1.2.3")).toEqual({ host: "10.1.2.3", port: 623 });
    expect(parseIpmiAddress("bmc-r01-07.lab:6230")).toEqual({ host: "bmc-r01-07.lab", port: 6230 });
    expect(parseIpmiAddress("[fd00::5]:9001")).toEqual({ host: "fd00::5", port: 9001 });
    expect(parseIpmiAddress("fd00::5")).toEqual({ host: "fd00::5", port: 623 });
  });

  it("rejects what could read as an option or a bad port", () => {
    expect(() => parseIpmiAddress("-v")).toThrow(/invalid BMC address/);
    expect(() => parseIpmiAddress("host:0")).toThrow(/port/);
    expect(() => parseIpmiAddress("host:99999")).toThrow(/port/);
    expect(() => parseIpmiAddress("a b")).toThrow(BmcError);
  });
});
