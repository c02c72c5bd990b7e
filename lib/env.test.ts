import { afterEach, describe, expect, it } from "vitest";
import { DEFAULT_TIMEOUTS } from "@/lib/domain/lifecycle";
import { resetEnv } from "./env";

describe("environment", () => {
  afterEach(() => resetEnv());

  it("MACHINE_TIMEOUTS overrides transitional-state timeouts in seconds, over the defaults", () => {
    const env = resetEnv({ MACHINE_TIMEOUTS: '{"Installing": 1800, "Crashed": 60}' });
    expect(env.machineTimeouts).toEqual({ ...DEFAULT_TIMEOUTS, Installing: 1_800_000, Crashed: 60_000 });
    expect(resetEnv({ MACHINE_TIMEOUTS: undefined }).machineTimeouts).toEqual(DEFAULT_TIMEOUTS);
  });

  it("rejects a bad MACHINE_TIMEOUTS naming the state", () => {
    expect(() => resetEnv({ MACHINE_TIMEOUTS: '{"Installing": -5}' })).toThrow(/MACHINE_TIMEOUTS: Installing/);
    expect(() => resetEnv({ MACHINE_TIMEOUTS: '{"Waiting": 5}' })).toThrow(/MACHINE_TIMEOUTS/);
    expect(() => resetEnv({ MACHINE_TIMEOUTS: "soon" })).toThrow(/JSON object/);
  });

  it("embedded mode generates a BMC secret key; production without BMC_SECRET_KEY has none", () => {
    expect(resetEnv({ AUTH_OIDC_ISSUER: undefined }).bmc.secretKey).toMatch(/^[\w-]{43}$/);
    const prod = resetEnv({ AUTH_OIDC_ISSUER: "https://idp.example", AUTH_OIDC_ID: "x", AUTH_OIDC_SECRET: "y", AUTH_SECRET: "z".repeat(32), BMC_SECRET_KEY: undefined });
    expect(prod.bmc.secretKey).toBeNull();
  });
});
