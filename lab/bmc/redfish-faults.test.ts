import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { BmcError, type BmcConnection } from "@/lib/bmc/driver";
import { createRedfishDriver } from "@/lib/bmc/redfish";
import { type RedfishBmcOptions, startRedfishBmc } from "./redfish-emulator";
import { recordingChassis, testBmcInfo } from "./test-chassis";

/** How the driver fails against a misbehaving lab BMC: the kind decides retries, the message must not leak secrets. */
const user = "admin";
const password = "fault-Secret-77";
const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function setup(options: Partial<RedfishBmcOptions> = {}, conn: Partial<BmcConnection> = {}) {
  const { sim } = recordingChassis();
  const bmc = await startRedfishBmc({ chassis: sim, user, password, info: testBmcInfo, ...options });
  const driver = createRedfishDriver({ protocol: "redfish", address: bmc.address, user, password, timeoutMs: 3_000, ...conn });
  cleanups.push(async () => {
    await driver.close();
    await bmc.stop();
    await sim.powerOff();
  });
  return { sim, bmc, driver };
}

/** The BmcError a call rejects with; no message may contain the password or a session token. */
async function failure(call: Promise<unknown>): Promise<BmcError> {
  const err = await call.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(BmcError);
  const { message } = err as BmcError;
  expect(message).not.toContain(password);
  expect(message).not.toContain(Buffer.from(`${user}:${password}`).toString("base64"));
  expect(message).not.toMatch(/[0-9a-f]{32}/); // the lab BMC's session tokens are 32 hex digits
  return err as BmcError;
}

async function freePort(): Promise<number> {
  const server = createServer().listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe("Redfish driver faults", () => {
  it("a wrong password fails fast with \"auth\" and is not retried", async () => {
    const { bmc } = await setup();
    const driver = createRedfishDriver({ protocol: "redfish", address: bmc.address, user, password: "wrong-password", timeoutMs: 3_000 });
    const started = Date.now();
    const err = await failure(driver.powerOn());
    expect(err).toMatchObject({ kind: "auth", message: "authentication failed", retryable: false });
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(bmc.requests.filter((r) => r.method === "POST")).toEqual([{ method: "POST", path: "/redfish/v1/SessionService/Sessions", status: 401 }]);
    await driver.close();
  });

  it("nothing listening is \"unreachable\"", async () => {
    const driver = createRedfishDriver({ protocol: "redfish", address: `http://127.0.0.1:${await freePort()}`, user, password });
    const err = await failure(driver.readInfo());
    expect(err).toMatchObject({ kind: "unreachable", retryable: true, message: expect.stringContaining("connection refused") });
    await driver.close();
  });

  it("a BMC that never answers is a \"timeout\" after timeoutMs", async () => {
    const { bmc, driver } = await setup({}, { timeoutMs: 300 });
    bmc.faults.inject("hang", { path: "/redfish/v1/Systems/1" });
    const started = Date.now();
    const err = await failure(driver.powerState());
    expect(err).toMatchObject({ kind: "timeout", message: expect.stringContaining("/redfish/v1/Systems/1: no answer within 300 ms") });
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(await driver.powerState()).toBe("off"); // the next call works again
  });

  it("garbage instead of JSON is \"malformed\", naming the URL", async () => {
    const { bmc, driver } = await setup();
    bmc.faults.inject("garbage", { path: "/redfish/v1/Managers/1" });
    const err = await failure(driver.readInfo());
    expect(err.kind).toBe("malformed");
    expect(err.message).toMatch(/^malformed Redfish resource http:\/\/127\.0\.0\.1:\d+\/redfish\/v1\/Managers\/1: not JSON/);
  });

  it("503 is \"busy\" and a dropped connection \"unreachable\" (both retryable)", async () => {
    const { bmc, driver } = await setup();
    bmc.faults.inject("busy");
    expect(await failure(driver.powerState())).toMatchObject({ kind: "busy", retryable: true, message: expect.stringContaining("temporarily unavailable") });
    bmc.faults.inject("drop", { path: "/redfish/v1/Systems/1" });
    expect(await failure(driver.powerState())).toMatchObject({ kind: "unreachable", retryable: true });
    expect(await driver.powerState()).toBe("off");
  });

  it("a 4xx is \"rejected\" with the BMC's message, without the session token the BMC echoed", async () => {
    const { bmc, driver } = await setup();
    await driver.powerOn();
    bmc.faults.inject("echo");
    const err = await failure(driver.setBootDevice("pxe", false));
    expect(err.kind).toBe("rejected");
    expect(err.message).toMatch(/HTTP 400: Request refused for session token \*\*\*\.$/);
  });

  it("a short password's text in a message is left alone: messages never carry the password by construction", async () => {
    const { sim } = recordingChassis();
    const bmc = await startRedfishBmc({ chassis: sim, user: "admin", password: "e", info: testBmcInfo });
    const driver = createRedfishDriver({ protocol: "redfish", address: bmc.address, user: "admin", password: "e", timeoutMs: 3_000 });
    cleanups.push(async () => {
      await driver.close();
      await bmc.stop();
    });
    await driver.powerState();
    bmc.faults.inject("busy", { path: "/redfish/v1/Systems/1" });
    const err = await driver.powerState().catch((e: unknown) => e as BmcError);
    expect(err).toMatchObject({ kind: "busy", message: `GET ${bmc.address}/redfish/v1/Systems/1: HTTP 503, the BMC is busy: The service is temporarily unavailable.` });
  });

  it("a login answer is never quoted (a BMC may echo the request, which holds the password)", async () => {
    const { bmc } = await setup();
    bmc.faults.inject("echo-body", { path: "/redfish/v1/SessionService/Sessions", method: "POST" });
    const driver = createRedfishDriver({ protocol: "redfish", address: bmc.address, user, password, timeoutMs: 3_000 });
    cleanups.push(() => driver.close());
    const err = await failure(driver.powerState());
    expect(err).toMatchObject({ kind: "rejected", message: `POST ${bmc.address}/redfish/v1/SessionService/Sessions: HTTP 400` });
  });

  it("a service without sessions that refuses basic auth for another scheme is a configuration error, not a wrong password", async () => {
    // A Redfish service that only does Negotiate (Kerberos): the root is public, the rest asks for Negotiate.
    const negotiate = createServer((req, res) => {
      if (req.url === "/redfish/v1/") return res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ "@odata.id": "/redfish/v1/", Systems: { "@odata.id": "/redfish/v1/Systems" } }));
      res.writeHead(401, { "www-authenticate": "Negotiate" }).end();
    }).listen(0, "127.0.0.1");
    await new Promise((resolve) => negotiate.once("listening", resolve));
    cleanups.push(() => new Promise((resolve) => negotiate.close(() => resolve())));
    const address = `http://127.0.0.1:${(negotiate.address() as AddressInfo).port}`;
    const driver = createRedfishDriver({ protocol: "redfish", address, user, password, timeoutMs: 3_000 });
    cleanups.push(() => driver.close());
    expect(await failure(driver.powerState())).toMatchObject({ kind: "config", retryable: false, message: expect.stringContaining("does not accept HTTP basic authentication (it asks for Negotiate)") });
  });

  it("HTTPS to a BMC that speaks plain HTTP is a clear, non-retryable error", async () => {
    const { bmc } = await setup();
    const driver = createRedfishDriver({ protocol: "redfish", address: bmc.address.replace("http://", ""), user, password });
    const err = await failure(driver.readInfo());
    expect(err).toMatchObject({ kind: "config", retryable: false, message: expect.stringContaining("TLS handshake failed (ERR_SSL_WRONG_VERSION_NUMBER)") });
    await driver.close();
  });

  it("follows a redirect to another port of the same host and stays there", async () => {
    const { bmc, sim } = await setup();
    let redirected = 0;
    const redirector = createServer((req, res) => {
      redirected += 1;
      res.writeHead(308, { location: `${bmc.address}${req.url}` }).end();
    }).listen(0, "127.0.0.1");
    await new Promise((resolve) => redirector.once("listening", resolve));
    cleanups.push(() => new Promise((resolve) => redirector.close(() => resolve())));
    const driver = createRedfishDriver({ protocol: "redfish", address: `http://127.0.0.1:${(redirector.address() as AddressInfo).port}`, user, password });
    await driver.powerOn();
    await driver.readInfo();
    expect(sim.bootedFrom).toBe("pxe");
    expect(redirected).toBe(1);
    await driver.close();
  });

  it("TLS: a self-signed certificate fails verification by default, and works with insecureTls", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "redfish-tls-"));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    await promisify(execFile)("openssl", [
      "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1",
      "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
      "-keyout", path.join(dir, "key.pem"), "-out", path.join(dir, "cert.pem"),
    ]);
    const tls = { key: await readFile(path.join(dir, "key.pem")), cert: await readFile(path.join(dir, "cert.pem")) };
    const { bmc, driver } = await setup({ tls });
    expect(bmc.address).toMatch(/^https:/);
    const err = await failure(driver.readInfo());
    expect(err).toMatchObject({ kind: "config", retryable: false, message: expect.stringContaining("TLS certificate verification failed (DEPTH_ZERO_SELF_SIGNED_CERT") });
    expect(bmc.requests).toEqual([]);

    // http:// to the HTTPS-only port: the server hangs up; not "unreachable" (retried for nothing).
    const plain = createRedfishDriver({ protocol: "redfish", address: bmc.address.replace("https://", "http://"), user, password, timeoutMs: 3_000 });
    cleanups.push(() => plain.close());
    expect(await failure(plain.readInfo())).toMatchObject({ kind: "config", retryable: false, message: expect.stringContaining(`answers only HTTPS on this port; give its address as ${bmc.address}`) });

    const insecure = createRedfishDriver({ protocol: "redfish", address: bmc.address.replace("https://", ""), user, password, insecureTls: true });
    await insecure.powerOn();
    expect((await insecure.readInfo()).powerState).toBe("on");
    await insecure.close();
  });
});
