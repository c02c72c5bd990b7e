import { describe, expect, it } from "vitest";
import { ConfigError, parseAgentConfig } from "./config";

const env = { METAL_API_URL: "http://127.0.0.1:3000/", METAL_PARTITION: "lab", METAL_BOOT_CREDENTIAL: "mbc_secret" };

describe("agent configuration", () => {
  it("reads what the iPXE kernel command line puts into the environment, with the documented defaults", () => {
    const c = parseAgentConfig([], env);
    expect(c).toMatchObject({ apiUrl: "http://127.0.0.1:3000", partition: "lab", bootCredential: "mbc_secret", hardware: "/proc+/sys", allowDiskWipe: false, boot: "pxe" });
    expect([c.phoneHomeIntervalSeconds, c.heartbeatIntervalSeconds, c.crashDelaySeconds, c.waitTimeoutSeconds]).toEqual([60, 60, 5, 25]);
    expect(c.diskDir).toBeUndefined();
  });

  it("lets flags win over the environment", () => {
    const c = parseAgentConfig(["--partition", "fra1", "--hardware", "lab/profiles/c1-small-x86.json", "--disk-dir", "/tmp/m1", "--crash-delay", "0.1", "--allow-disk-wipe"], env);
    expect(c).toMatchObject({ partition: "fra1", hardware: "lab/profiles/c1-small-x86.json", diskDir: "/tmp/m1", crashDelaySeconds: 0.1, allowDiskWipe: true });
  });

  it("names every missing or bad field at once", () => {
    const attempt = () => parseAgentConfig(["--wait-timeout", "31"], { METAL_BOOT_CREDENTIAL: "mmc_not-a-boot-credential" });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/apiUrl.*partition.*bootCredential.*waitTimeoutSeconds|apiUrl/s);
    try {
      attempt();
    } catch (err) {
      const message = (err as Error).message;
      for (const field of ["apiUrl", "partition", "bootCredential", "waitTimeoutSeconds"]) expect(message).toContain(field);
    }
  });

  it("refuses unknown flags and non-http API URLs", () => {
    expect(() => parseAgentConfig(["--wipe-everything"], env)).toThrow(ConfigError);
    expect(() => parseAgentConfig(["--api-url", "ftp://example"], env)).toThrow(/apiUrl/);
  });
});
