import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { BmcError } from "../driver";
import { createRedfishDriver } from "./driver";
import { type MockupServer, type MockupOptions, startMockupServer } from "./mockup-server";

/** The driver against DMTF's public-rackmount1 mockup: discovery and parsing of answers nobody here wrote. */
const dir = path.join(import.meta.dirname, "fixtures", "public-rackmount1");
const user = "root";
const password = "mockup-Passw0rd";
let server: MockupServer | null = null;

async function driverFor(edit?: MockupOptions["edit"]) {
  server = await startMockupServer({ dir, user, password, edit });
  return createRedfishDriver({ protocol: "redfish", address: server.url, user, password, timeoutMs: 5_000 });
}

afterEach(async () => {
  await server?.stop();
  server = null;
});

describe("Redfish driver against the DMTF public-rackmount1 mockup", () => {
  it("discovers the system, manager and chassis from their links and reads the legacy Power resource", async () => {
    const driver = await driverFor();
    expect(await driver.readInfo()).toEqual({
      powerState: "on",
      manufacturer: "Contoso",
      model: "3500",
      serial: "437XR1138R2",
      firmwareVersion: "1.45.455b66-rev4",
      biosVersion: "P79 v1.45 (12/06/2017)",
      powerWatts: 344,
      powerSupplies: [{ name: "Power Supply Bay", health: "Warning", state: "Enabled" }],
      identifyOn: false,
      systems: ["437XR1138R2"],
    });
    // Ids come from the collections and links (437XR1138R2, BMC, 1U), never guessed; the read-only
    // service refuses a session (405), so the driver fell back to basic auth.
    expect(server!.requests).toContain("POST /redfish/v1/SessionService/Sessions");
    expect(server!.requests).toContain("GET /redfish/v1/Managers/BMC");
    expect(server!.requests).toContain("GET /redfish/v1/Chassis/1U/Power");
    expect(server!.requests.filter((r) => r.includes("/Systems/1") || r.includes("Managers/1"))).toEqual([]);
    await driver.close();
  });

  it("reads PowerSubsystem and EnvironmentMetrics when the chassis has no legacy Power resource", async () => {
    const driver = await driverFor((urlPath, doc) => {
      if (urlPath === "/redfish/v1/Chassis/1U/Power") return undefined;
      if (urlPath !== "/redfish/v1/Chassis/1U") return doc;
      const { Power: _power, ...rest } = doc;
      return rest;
    });
    const info = await driver.readInfo();
    expect(info.powerWatts).toBe(374);
    expect(info.powerSupplies).toEqual([
      { name: "Power Supply Bay 1", health: "Warning", state: "Enabled" },
      { name: "Power Supply Bay 2", health: "Unknown", state: "Absent" },
    ]);
    await driver.close();
  });

  it("power on of a machine the BMC reports on sends nothing; a write to the read-only service is rejected with its message", async () => {
    const driver = await driverFor();
    await driver.powerOn();
    expect(server!.requests.filter((r) => r.startsWith("POST /redfish/v1/Systems"))).toEqual([]);
    expect(await driver.powerState()).toBe("on");
    const err = await driver.setBootDevice("pxe", false).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BmcError);
    expect(err).toMatchObject({ kind: "rejected", message: expect.stringContaining("HTTP 405: read-only mockup") });
    await driver.close();
  });

  it("a machine that is off is powered on with a ResetType the mockup allows", async () => {
    // ForceOff is allowed, PowerCycle is not: "cycle" of a running machine needs ForceOff + On.
    const driver = await driverFor((urlPath, doc) => urlPath.endsWith("/Systems/437XR1138R2") ? { ...doc, PowerState: "Off" } : doc);
    await expect(driver.powerOn()).rejects.toMatchObject({ kind: "rejected", message: expect.stringContaining("POST http://127.0.0.1") });
    expect(server!.requests).toContain("POST /redfish/v1/Systems/437XR1138R2/Actions/ComputerSystem.Reset");
    await driver.close();
  });

  it("model and serial from the Chassis when the System lacks them", async () => {
    const driver = await driverFor((urlPath, doc) => {
      if (urlPath !== "/redfish/v1/Systems/437XR1138R2") return doc;
      const { Manufacturer: _m, Model: _model, SerialNumber: _s, ...rest } = doc;
      return rest;
    });
    expect(await driver.readInfo()).toMatchObject({ manufacturer: "Contoso", model: "3500RX", serial: "437XR1138R2" });
    await driver.close();
  });

  it("a system named in the address is used; a second system and none named is a configuration error", async () => {
    const twoSystems = (urlPath: string, doc: Record<string, unknown>) => urlPath !== "/redfish/v1/Systems" ? doc
      : { ...doc, "Members@odata.count": 2, Members: [...(doc.Members as object[]), { "@odata.id": "/redfish/v1/Systems/437XR1138R3" }] };
    const unnamed = await driverFor(twoSystems);
    await expect(unnamed.readInfo()).rejects.toMatchObject({ kind: "config", message: expect.stringContaining('manages 2 computer systems ("437XR1138R2", "437XR1138R3")') });
    await unnamed.close();
    const named = createRedfishDriver({ protocol: "redfish", address: `${server!.url}/redfish/v1/Systems/437XR1138R2`, user, password, timeoutMs: 5_000 });
    expect((await named.readInfo()).serial).toBe("437XR1138R2");
    await named.close();
  });

  it("wrong credentials are an auth error", async () => {
    server = await startMockupServer({ dir, user, password });
    const driver = createRedfishDriver({ protocol: "redfish", address: server.url, user, password: "wrong-one", timeoutMs: 5_000 });
    await expect(driver.readInfo()).rejects.toMatchObject({ kind: "auth", message: "authentication failed" });
    await driver.close();
  });
});
