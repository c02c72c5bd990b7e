import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as adminBmcRoute from "@/app/api/v1/admin/machines/[id]/bmc/route";
import * as bmcRoute from "@/app/api/v1/machines/[id]/bmc/route";
import * as commandsRoute from "@/app/api/v1/machines/[id]/bmc-commands/route";
import * as powerRoute from "@/app/api/v1/machines/[id]/power/route";
import type { Database } from "@/lib/db/client";
import { bmcCommands, machineBmcs, machines, partitions } from "@/lib/db/schema";
import { freshDatabase, testEngines } from "@/lib/test/databases";
import { makeProject, makeTenant, makeUser, operator } from "@/lib/test/fixtures";
import { createToken } from "../tokens";
import { allocateMachine } from "../machines/allocation";
import { allocation, insertWaitingMachine, PARTITION, setupCatalog } from "../machines/allocation.fixtures";
import { freeMachine } from "../machines/allocation-release";
import { reinstallMachine } from "../machines/allocation-reinstall";
import { call } from "../machines/agent-test-support";
import { recordMachineEvent } from "../machines/events";
import { getMachine, getMachineEvents } from "../machines/machines";
import { createNetwork } from "../networks/networks";
import { inTx } from "../tx";
import { bmcConnectionOf, loadBmcRow, saveReportedBmc } from "./records";

/**
 * The BMC records and the command API, without a BMC on the other end (the executor's tests
 * drive real BMCs): sealed passwords, who sees what, who may command what, and which commands
 * free and reinstall queue.
 */
const PASSWORD = "bmc-hunter2-Secret";
const inAMonth = () => new Date(Date.now() + 30 * 86_400_000);

describe.each(testEngines())("BMC records and commands on %s", (engine) => {
  let database: Database;
  let cleanup: () => Promise<void>;
  let projectId: string;
  let tokens: Record<"operator" | "owner" | "viewer" | "foreign", string>;
  let owner: Awaited<ReturnType<typeof makeUser>>;
  let machineId: string;

  const report = (extra: Record<string, unknown> = {}) => ({ address: "https://10.1.0.17", mac: "aa:bb:cc:00:00:01", protocol: "redfish" as const, user: "root", password: PASSWORD, firmwareVersion: "", fru: {}, ...extra });

  beforeAll(async () => {
    ({ database, cleanup } = await freshDatabase(engine));
    await setupCatalog();
    const acme = await makeTenant("acme");
    const globex = await makeTenant("globex");
    projectId = (await makeProject(acme.id, "web")).id;
    owner = await makeUser("owner@acme", ["acme-owners"]);
    const viewer = await makeUser("viewer@acme", ["acme-viewers"]);
    const foreign = await makeUser("owner@globex", ["globex-owners"]);
    const admin = await makeUser("admin@metal", ["metal-admins"]);
    await createNetwork(owner, { kind: "private", projectId, partitionId: "fra1", name: "net", description: "", labels: {} });
    const token = async (a: typeof owner) => (await createToken(a, { description: "t", roles: a.grants, expiresAt: inAMonth() })).secret;
    tokens = { operator: await token(admin), owner: await token(owner), viewer: await token(viewer), foreign: await token(foreign) };
  });
  afterAll(async () => cleanup?.());

  beforeEach(async () => {
    await database.db.delete(machines);
    machineId = await insertWaitingMachine(database.db);
    await inTx(undefined, (t) => saveReportedBmc(t, machineId, report()));
    await allocateMachine(owner, allocation(projectId));
  });

  const route = (p: string) => `/api/v1/machines/${machineId}${p}`;

  it("stores the reported password only sealed, bound to the machine, and never returns it", async () => {
    const [row] = await database.db.select().from(machineBmcs).where(eq(machineBmcs.machineId, machineId));
    expect(row.passwordEnc).toMatch(/^v1:/);
    expect(row.passwordEnc).not.toContain(PASSWORD);
    const asOperator = await call(bmcRoute.GET, { path: route("/bmc"), token: tokens.operator, params: { id: machineId } });
    expect(asOperator.status).toBe(200);
    expect(asOperator.body.connection).toEqual({
      address: "https://10.1.0.17", mac: "aa:bb:cc:00:00:01", user: "root", passwordSet: true, insecureTls: false, operatorManaged: false,
      systemId: "", discoveredSystems: [], bootMode: null, effectiveBootMode: "uefi",
    });
    const asOwner = await call(bmcRoute.GET, { path: route("/bmc"), token: tokens.owner, params: { id: machineId } });
    expect(asOwner.status).toBe(200);
    expect(asOwner.body.connection).toBeNull(); // tenants see the panel, not how the BMC is reached
    expect(asOwner.body).toMatchObject({ protocol: "redfish", powerState: null, lastPollOkAt: null, outdated: false });
    expect((await call(bmcRoute.GET, { path: route("/bmc"), token: tokens.foreign, params: { id: machineId } })).status).toBe(404);
    for (const r of [asOperator, asOwner]) expect(r.text).not.toContain(PASSWORD);
  });

  it("lets operators set the connection (password write-only, audited without it); agent reports then leave it alone", async () => {
    const patch = (token: string, body: unknown) => call(adminBmcRoute.PATCH, { method: "PATCH", path: `/api/v1/admin/machines/${machineId}/bmc`, token, body, params: { id: machineId } });
    expect((await patch(tokens.owner, { address: "10.9.9.9" })).status).toBe(403);
    expect((await patch(tokens.foreign, { address: "10.9.9.9" })).status).toBe(404);
    const bad = await patch(tokens.operator, { protocol: "snmp", password: "" });
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(["body.password", "body.protocol"]);

    const ok = await patch(tokens.operator, { protocol: "ipmi", address: "10.9.9.9:623", user: "ops", password: "N3w-Secret!", insecureTls: false });
    expect(ok.status).toBe(200);
    expect(ok.body.connection).toMatchObject({ address: "10.9.9.9:623", user: "ops", operatorManaged: true, passwordSet: true });
    expect(ok.text).not.toContain("N3w-Secret!");
    await inTx(undefined, (t) => saveReportedBmc(t, machineId, report({ address: "10.0.0.1" })));
    const [row] = await database.db.select().from(machineBmcs).where(eq(machineBmcs.machineId, machineId));
    expect([row.protocol, row.address, row.user]).toEqual(["ipmi", "10.9.9.9:623", "ops"]);
    const audit = await database.db.execute(sql`select before, after from audit_entries where action = 'machine.bmc.update'`);
    const text = JSON.stringify(audit);
    expect(text).toContain("passwordChanged");
    expect(text).not.toContain("N3w-Secret!");
    expect(text).not.toContain(PASSWORD);
  });

  it("boot mode: the partition's default unless the machine's BMC settings say otherwise; the system to manage; both reach the driver", async () => {
    const patch = (body: unknown) => call(adminBmcRoute.PATCH, { method: "PATCH", path: `/api/v1/admin/machines/${machineId}/bmc`, token: tokens.operator, body, params: { id: machineId } });
    const connection = async () => bmcConnectionOf((await loadBmcRow(database.db, machineId))!);
    expect(await connection()).toMatchObject({ bootMode: "uefi" });
    await database.db.update(partitions).set({ bootMode: "legacy" }).where(eq(partitions.id, PARTITION));
    expect(await connection()).toMatchObject({ bootMode: "legacy" });
    const bad = await patch({ bootMode: "bios", systemId: "../1" });
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(["body.bootMode", "body.systemId"]);
    const ok = await patch({ bootMode: "uefi", systemId: "System.Embedded.2" });
    expect(ok.body.connection).toMatchObject({ bootMode: "uefi", effectiveBootMode: "uefi", systemId: "System.Embedded.2" });
    expect(await connection()).toMatchObject({ bootMode: "uefi", systemId: "System.Embedded.2" });
    const back = await patch({ bootMode: null, systemId: "" });
    expect(back.body.connection).toMatchObject({ bootMode: null, effectiveBootMode: "legacy", systemId: "" });
    expect(await connection()).not.toHaveProperty("systemId");
    await database.db.update(partitions).set({ bootMode: "uefi" }).where(eq(partitions.id, PARTITION));
  });

  it("queues power commands for editors of the machine's project; viewers get 403, other tenants 404, bad input 422", async () => {
    const power = (token: string, body: unknown) => call(powerRoute.POST, { path: route("/power"), token, body, params: { id: machineId } });
    const ok = await power(tokens.owner, { action: "cycle" });
    expect(ok.status).toBe(202);
    expect(ok.body.commands).toMatchObject([{ command: "power-cycle", status: "queued", origin: "user", requester: "owner@acme", attempts: 0 }]);
    expect((await power(tokens.viewer, { action: "on" })).status).toBe(403);
    expect((await power(tokens.foreign, { action: "on" })).status).toBe(404);
    const bad = await power(tokens.owner, { action: "on", persistent: true });
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0].field).toBe("body.persistent");
    expect((await power(tokens.owner, { action: "explode" })).status).toBe(422);

    const list = await call(commandsRoute.GET, { path: route("/bmc-commands"), token: tokens.viewer, params: { id: machineId } });
    expect(list.status).toBe(200);
    expect(list.body.items.map((c: { command: string }) => c.command)).toEqual(["power-cycle"]);
    expect((await call(commandsRoute.GET, { path: route("/bmc-commands"), token: tokens.foreign, params: { id: machineId } })).status).toBe(404);
  });

  it("records a reset or cycle as a Planned Reboot unless a boot is expected anyway; other actions leave the timeline alone", async () => {
    const power = (body: unknown) => call(powerRoute.POST, { path: route("/power"), token: tokens.owner, body, params: { id: machineId } });
    const timeline = async () => (await getMachineEvents(owner, machineId)).items.map((e) => [e.event, e.message]);
    for (const event of ["Installing", "Booting New Kernel", "Phoned Home"] as const) await inTx(undefined, (t) => recordMachineEvent(t, machineId, { event }));
    const running = await timeline();
    for (const action of ["on", "off", "boot-pxe", "identify-on"]) expect((await power({ action })).status).toBe(202);
    expect(await timeline()).toEqual(running);
    expect((await power({ action: "reset" })).status).toBe(202);
    expect((await timeline())[0]).toEqual(["Planned Reboot", "power reset requested by owner@acme"]);
    // The OS phoning home after the reboot is a new step, not a swallowed repeat.
    await inTx(undefined, (t) => recordMachineEvent(t, machineId, { event: "Phoned Home" }));
    expect((await timeline()).slice(0, 3).map(([e]) => e)).toEqual(["Phoned Home", "Planned Reboot", "Phoned Home"]);
    expect(await getMachine(owner, machineId)).toMatchObject({ state: "Phoned Home", crashLoop: false });

    // After a free the machine is expected to boot: Machine Reclaim stays (a failed reclaim must stay detectable).
    await freeMachine(owner, machineId);
    const reclaiming = await call(powerRoute.POST, { path: route("/power"), token: tokens.operator, body: { action: "cycle" }, params: { id: machineId } });
    expect(reclaiming.status).toBe(202);
    expect((await getMachineEvents(operator, machineId)).items[0].event).toBe("Machine Reclaim");
  });

  it("a cycled free machine boots as planned, not as a crash loop that would take it out of the pool", async () => {
    await freeMachine(owner, machineId);
    for (const event of ["PXE Booting", "Preparing", "Registering", "Waiting"] as const) await inTx(undefined, (t) => recordMachineEvent(t, machineId, { event }));
    expect((await call(powerRoute.POST, { path: route("/power"), token: tokens.operator, body: { action: "cycle" }, params: { id: machineId } })).status).toBe(202);
    for (const event of ["PXE Booting", "Preparing", "Registering", "Waiting"] as const) await inTx(undefined, (t) => recordMachineEvent(t, machineId, { event }));
    const events = (await getMachineEvents(operator, machineId)).items;
    expect(events.slice(0, 5).map((e) => [e.event, e.unexpected])).toEqual([
      ["Waiting", false], ["Registering", false], ["Preparing", false], ["PXE Booting", false], ["Planned Reboot", false],
    ]);
    expect(await getMachine(operator, machineId)).toMatchObject({ state: "Waiting", crashLoop: false });
  });

  it("powering on a machine its BMC last reported off is a planned boot; on a running one it leaves the timeline alone", async () => {
    await freeMachine(owner, machineId);
    for (const event of ["PXE Booting", "Preparing", "Registering", "Waiting"] as const) await inTx(undefined, (t) => recordMachineEvent(t, machineId, { event }));
    const on = () => call(powerRoute.POST, { path: route("/power"), token: tokens.operator, body: { action: "on" }, params: { id: machineId } });
    const setPower = (powerState: "on" | "off") => database.db.update(machineBmcs).set({ info: { powerState, manufacturer: "", model: "", serial: "", firmwareVersion: "", biosVersion: "", powerWatts: null, powerSupplies: [], identifyOn: null } }).where(eq(machineBmcs.machineId, machineId));
    await setPower("on");
    expect((await on()).status).toBe(202);
    expect((await getMachineEvents(operator, machineId)).items[0].event).toBe("Waiting");
    await setPower("off");
    expect((await on()).status).toBe(202);
    expect((await getMachineEvents(operator, machineId)).items[0]).toMatchObject({ event: "Planned Reboot", message: "power on requested by admin@metal" });
  });

  it("free queues LED off, then PXE + reset; reinstall queues PXE + cycle, each in its own group", async () => {
    await reinstallMachine(owner, machineId, { image: "ubuntu-24.04" });
    await freeMachine(owner, machineId);
    const rows = await database.db.select().from(bmcCommands).where(eq(bmcCommands.machineId, machineId)).orderBy(bmcCommands.seq);
    expect(rows.map((r) => [r.origin, r.command, r.persistent])).toEqual([
      ["reinstall", "boot-pxe", false], ["reinstall", "power-cycle", false],
      ["free", "identify-off", false], ["free", "boot-pxe", false], ["free", "power-reset", false],
    ]);
    expect(new Set(rows.map((r) => r.groupId)).size).toBe(3);
    // Queued, not started: the deadline starts with the first attempt (waiting in the queue does not count).
    expect(rows.every((r) => r.status === "queued" && r.deadline === null)).toBe(true);
  });
});
