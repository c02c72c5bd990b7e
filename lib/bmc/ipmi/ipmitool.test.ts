import { chmod, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BmcError, type BmcConnection } from "../driver";
import { createIpmiDriver } from "./ipmi-driver";

/**
 * The process contract with ipmitool, checked with a stand-in executable that records its
 * argv and environment: what the real BMC tests cannot see (the password never on the command
 * line), and answers ipmi_sim never gives (garbage, a hang).
 */
let dir: string;
let fake: string;
const conn: BmcConnection = { protocol: "ipmi", address: "10.9.8.7:6230", user: "root", password: "pa ss'word$1" };

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "fake-ipmitool-"));
  fake = path.join(dir, "ipmitool");
  await writeFile(
    fake,
    `#!/bin/sh
printf '%s\\n' "$@" > '${dir}/argv'
printf '%s' "$IPMI_PASSWORD" > '${dir}/password'
case "$*" in
  *"power status"*) echo "Chassis Power is sideways" ;;
  *"raw 0x00 0x01"*) exec sleep 30 ;;
  *"bootdev"*) echo "Set Chassis Boot Parameter 5 failed: Invalid data field in request" >&2 ;;
esac
exit 0
`,
  );
  await chmod(fake, 0o755);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const argv = async () => (await readFile(path.join(dir, "argv"), "utf8")).trim().split("\n");

describe("ipmitool invocation", () => {
  it("passes the password only in IPMI_PASSWORD (-E), never on the command line", async () => {
    await createIpmiDriver(conn, { ipmitool: fake }).powerState().catch(() => {});
    const args = await argv();
    expect(args.slice(0, 17)).toEqual(["-I", "lanplus", "-C", "3", "-L", "ADMINISTRATOR", "-N", "2", "-R", "1", "-H", "10.9.8.7", "-p", "6230", "-U", "root", "-E"]);
    expect(args).not.toContain("-P");
    expect(args.join(" ")).not.toContain("pa ss");
    expect(await readFile(path.join(dir, "password"), "utf8")).toBe(conn.password);
  });

  it("uses the connection's cipher suite and privilege level", async () => {
    await createIpmiDriver({ ...conn, ipmiCipherSuite: 17, ipmiPrivilege: "OPERATOR" }, { ipmitool: fake }).powerState().catch(() => {});
    expect((await argv()).slice(0, 6)).toEqual(["-I", "lanplus", "-C", "17", "-L", "OPERATOR"]);
  });

  it("output that is not ipmitool's answer is malformed, naming what came", async () => {
    const err = await createIpmiDriver(conn, { ipmitool: fake }).powerState().catch((e: unknown) => e);
    expect(err).toEqual(new BmcError("malformed", 'power status: chassis power status: expected "Chassis Power is on|off", got "Chassis Power is sideways"'));
  });

  it("exit 0 with an error on stderr is that error (ipmitool's bootdev does this)", async () => {
    const err = await createIpmiDriver(conn, { ipmitool: fake }).setBootDevice("pxe", false).catch((e: unknown) => e);
    expect((err as BmcError).kind).toBe("rejected");
    expect((err as BmcError).message).toContain("Invalid data field in request");
  });

  it("a short password's text elsewhere in a message is left alone (no password is ever put into one)", async () => {
    const err = await createIpmiDriver({ ...conn, password: "in" }, { ipmitool: fake }).setBootDevice("pxe", false).catch((e: unknown) => e);
    expect((err as BmcError).message).toBe("boot device pxe: Set Chassis Boot Parameter 5 failed: Invalid data field in request");
  });

  it("a hanging ipmitool is killed at timeoutMs", async () => {
    const started = Date.now();
    const err = await createIpmiDriver({ ...conn, timeoutMs: 500 }, { ipmitool: fake }).readInfo().catch((e: unknown) => e);
    expect(err).toEqual(new BmcError("timeout", "chassis status: no answer from the BMC at 10.9.8.7:6230 within 500 ms"));
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it("refuses what IPMI cannot carry and what is not IPMI, before running anything", () => {
    expect(() => createIpmiDriver({ ...conn, password: "x".repeat(21) })).toThrow(/at most 20 bytes/);
    expect(() => createIpmiDriver({ ...conn, protocol: "redfish" })).toThrow(BmcError);
    expect(() => createIpmiDriver({ ...conn, address: "--help" })).toThrow(/invalid BMC address/);
  });

  it("a missing ipmitool is reported as such", async () => {
    const err = await createIpmiDriver(conn, { ipmitool: path.join(dir, "nope") }).powerState().catch((e: unknown) => e);
    expect((err as BmcError).kind).toBe("unsupported");
    expect((err as BmcError).message).toContain("not found");
  });
});
