import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as machinesRoute from "@/app/api/v1/machines/route";
import * as machineRoute from "@/app/api/v1/machines/[id]/route";
import * as reinstallRoute from "@/app/api/v1/machines/[id]/reinstall/route";
import * as eventsRoute from "@/app/api/v1/machines/[id]/events/route";
import * as powerReadingsRoute from "@/app/api/v1/machines/[id]/power-readings/route";
import * as adminMachineRoute from "@/app/api/v1/admin/machines/[id]/route";
import * as conditionRoute from "@/app/api/v1/admin/machines/[id]/condition/route";
import { machineEndpoints } from "@/lib/contracts/endpoints-machines";
import type { Database } from "@/lib/db/client";
import { createNetwork } from "@/lib/services/networks/networks";
import { freshDatabase, testEngines } from "@/lib/test/databases";
import { makeProject, makeTenant, makeUser } from "@/lib/test/fixtures";
import { createToken } from "../tokens";
import { insertWaitingMachine, PARTITION, setupCatalog } from "./allocation.fixtures";

/** The machines API as a client sees it: status codes, problem codes and field names. */
const ctx = (params: Record<string, string> = {}) => ({ params: Promise.resolve(params) });
const inAMonth = () => new Date(Date.now() + 30 * 86_400_000);
type Handler = (req: Request, route: ReturnType<typeof ctx>) => Promise<Response>;

describe.each(testEngines())("machines API routes on %s", (engine) => {
  let database: Database;
  let cleanup: () => Promise<void>;
  let operatorToken: string;
  let tenantToken: string;
  let foreignToken: string;
  let projectId: string;

  const call = async (handler: Handler, token: string, method: string, p: string, body?: unknown, params: Record<string, string> = {}) => {
    const headers: Record<string, string> = { authorization: `Bearer ${token}` };
    if (body !== undefined) headers["content-type"] = "application/json";
    const res = await handler(new Request(`http://localhost:3000${p}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) }), ctx(params));
    return { status: res.status, type: res.headers.get("content-type"), body: res.status === 204 ? null : await res.json() };
  };
  const fieldsOf = (body: { errors?: { field: string }[] }) => [...new Set((body.errors ?? []).map((e) => e.field))].sort();

  beforeAll(async () => {
    ({ database, cleanup } = await freshDatabase(engine));
    await setupCatalog();
    const acme = await makeTenant("acme");
    const globex = await makeTenant("globex");
    projectId = (await makeProject(acme.id, "web")).id;
    const admin = await makeUser("admin@metal", ["metal-admins"]);
    const owner = await makeUser("owner@acme", ["acme-owners"]);
    const other = await makeUser("owner@globex", ["globex-owners"]);
    await createNetwork(owner, { kind: "private", projectId, partitionId: PARTITION, name: "net", description: "", labels: {} });
    operatorToken = (await createToken(admin, { description: "ops", roles: [{ scope: "admin", role: "editor" }], expiresAt: inAMonth() })).secret;
    tenantToken = (await createToken(owner, { description: "t", roles: [{ scope: "tenant", tenantId: acme.id, role: "owner" }], expiresAt: inAMonth() })).secret;
    foreignToken = (await createToken(other, { description: "t", roles: [{ scope: "tenant", tenantId: globex.id, role: "owner" }], expiresAt: inAMonth() })).secret;
  });
  afterAll(async () => cleanup?.());

  it("has a route file exporting the method of every machine endpoint", () => {
    for (const def of Object.values(machineEndpoints)) {
      const file = path.join("app", def.path.replace(/\{(\w+)\}/g, "[$1]"), "route.ts");
      expect(fs.readFileSync(file, "utf8"), file).toContain(`export const ${def.method} = withApi(endpoints.`);
    }
  });

  it("allocates (201), lists, renames, reinstalls, shows events and frees through the API; other tenants get 404", async () => {
    await insertWaitingMachine(database.db);
    const bad = await call(machinesRoute.POST, tenantToken, "POST", "/api/v1/machines", { projectId, partitionId: PARTITION, image: "ubuntu-24.04", sshPublicKeys: ["not a key"], userdata: "x".repeat(33 * 1024) });
    expect(bad.status).toBe(422);
    expect(fieldsOf(bad.body)).toEqual(["body.sizeId", "body.sshPublicKeys.0", "body.userdata"]);

    const created = await call(machinesRoute.POST, tenantToken, "POST", "/api/v1/machines", { projectId, partitionId: PARTITION, sizeId: "c1-large", image: "ubuntu-24.04", hostname: "api-1" });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    expect(created.body.allocation).toMatchObject({ projectId, hostname: "api-1" });

    const empty = await call(machinesRoute.POST, tenantToken, "POST", "/api/v1/machines", { projectId, partitionId: PARTITION, sizeId: "c1-large", image: "ubuntu-24.04" });
    expect(empty).toMatchObject({ status: 409, type: "application/problem+json", body: { code: "no_machine_available" } });

    const list = await call(machinesRoute.GET, tenantToken, "GET", `/api/v1/machines?allocated=true&partitionId=${PARTITION}`);
    expect(list.body.items.map((m: { id: string }) => m.id)).toEqual([id]);
    const patched = await call(machineRoute.PATCH, tenantToken, "PATCH", `/api/v1/machines/${id}`, { name: "api", tags: ["a"] }, { id });
    expect(patched.body.allocation).toMatchObject({ name: "api", tags: ["a"] });
    const reinstalled = await call(reinstallRoute.POST, tenantToken, "POST", `/api/v1/machines/${id}/reinstall`, { image: "ubuntu-24.04.20260101" }, { id });
    expect(reinstalled).toMatchObject({ status: 200, body: { state: "Planned Reboot", allocation: { reinstall: true } } });
    const events = await call(eventsRoute.GET, tenantToken, "GET", `/api/v1/machines/${id}/events`, undefined, { id });
    expect(events.body.items[0]).toMatchObject({ event: "Planned Reboot", message: "reinstall", unexpected: false });

    for (const [handler, method, p, body] of [
      [machineRoute.GET, "GET", `/api/v1/machines/${id}`], [machineRoute.PATCH, "PATCH", `/api/v1/machines/${id}`, { name: "x" }],
      [machineRoute.DELETE, "DELETE", `/api/v1/machines/${id}`], [eventsRoute.GET, "GET", `/api/v1/machines/${id}/events`],
      [reinstallRoute.POST, "POST", `/api/v1/machines/${id}/reinstall`, { image: "ubuntu-24.04" }],
      [powerReadingsRoute.GET, "GET", `/api/v1/machines/${id}/power-readings`],
    ] as [Handler, string, string, unknown?][]) {
      expect((await call(handler, foreignToken, method, p, body, { id })).status, `${method} ${p}`).toBe(404);
    }
    expect((await call(machinesRoute.GET, foreignToken, "GET", "/api/v1/machines")).body.items).toEqual([]);
    expect((await call(machinesRoute.GET, foreignToken, "GET", "/api/v1/machines?page=1")).body).toMatchObject({ items: [], total: 0 });
    expect((await call(powerReadingsRoute.GET, tenantToken, "GET", `/api/v1/machines/${id}/power-readings`, undefined, { id })).body).toEqual({ machineId: id, items: [] });
    // Numbered pages: total under the filters; page 0 and page with a cursor are refused.
    expect((await call(machinesRoute.GET, tenantToken, "GET", "/api/v1/machines?page=1&limit=1&sort=hostname")).body).toMatchObject({ total: 1, items: [{ id }] });
    const page0 = await call(machinesRoute.GET, tenantToken, "GET", "/api/v1/machines?page=0");
    expect([page0.status, fieldsOf(page0.body)]).toEqual([422, ["query.page"]]);
    expect((await call(machinesRoute.GET, tenantToken, "GET", "/api/v1/machines?page=2&cursor=abc")).status).toBe(400);

    const freed = await call(machineRoute.DELETE, tenantToken, "DELETE", `/api/v1/machines/${id}`, undefined, { id });
    expect(freed).toMatchObject({ status: 200, body: { id, allocation: null, state: "Machine Reclaim" } });
    expect((await call(machineRoute.GET, tenantToken, "GET", `/api/v1/machines/${id}`, undefined, { id })).status).toBe(404);
  });

  it("shows operators a machine's inventory and filters by issue; tenants get 404, bad filters 422", async () => {
    const dead = await insertWaitingMachine(database.db, { liveliness: "Dead" });
    const got = await call(adminMachineRoute.GET, operatorToken, "GET", `/api/v1/admin/machines/${dead}`, undefined, { id: dead });
    expect(got).toMatchObject({ status: 200, body: { id: dead, liveliness: "Dead", inventory: { cpus: [{ cores: 12 }], nics: [{ name: "eth0" }], bmc: null } } });
    expect((await call(adminMachineRoute.GET, tenantToken, "GET", `/api/v1/admin/machines/${dead}`, undefined, { id: dead })).status).toBe(404);
    expect((await call(adminMachineRoute.GET, foreignToken, "GET", `/api/v1/admin/machines/${dead}`, undefined, { id: dead })).status).toBe(404);

    const issues = await call(machinesRoute.GET, operatorToken, "GET", "/api/v1/machines?issue=dead&liveliness=Dead&condition=AVAILABLE");
    expect(issues.body.items.map((m: { id: string }) => m.id)).toContain(dead);
    expect((await call(machinesRoute.GET, foreignToken, "GET", "/api/v1/machines?issue=dead")).body.items).toEqual([]);
    const bad = await call(machinesRoute.GET, operatorToken, "GET", "/api/v1/machines?issue=broken&liveliness=Sleepy");
    expect(bad.status).toBe(422);
    expect(fieldsOf(bad.body)).toEqual(["query.issue", "query.liveliness"]);
  });

  it("lets only operators lock and delete machines", async () => {
    const dead = await insertWaitingMachine(database.db, { liveliness: "Dead" });
    const id = { id: dead };
    expect((await call(conditionRoute.PATCH, tenantToken, "PATCH", `/api/v1/admin/machines/${dead}/condition`, { condition: "LOCKED", reason: "x" }, id)).status).toBe(404);
    const bad = await call(conditionRoute.PATCH, operatorToken, "PATCH", `/api/v1/admin/machines/${dead}/condition`, { condition: "BROKEN" }, id);
    expect(fieldsOf(bad.body)).toEqual(["body.condition"]);
    const locked = await call(conditionRoute.PATCH, operatorToken, "PATCH", `/api/v1/admin/machines/${dead}/condition`, { condition: "LOCKED", reason: "RMA" }, id);
    expect(locked).toMatchObject({ status: 200, body: { condition: "LOCKED", conditionReason: "RMA" } });
    expect((await call(adminMachineRoute.DELETE, operatorToken, "DELETE", `/api/v1/admin/machines/${dead}`, undefined, id)).body).toMatchObject({ code: "machine_locked" });
    await call(conditionRoute.PATCH, operatorToken, "PATCH", `/api/v1/admin/machines/${dead}/condition`, { condition: "AVAILABLE" }, id);
    expect((await call(adminMachineRoute.DELETE, tenantToken, "DELETE", `/api/v1/admin/machines/${dead}`, undefined, id)).status).toBe(404);
    expect((await call(adminMachineRoute.DELETE, operatorToken, "DELETE", `/api/v1/admin/machines/${dead}`, undefined, id)).status).toBe(204);
    expect((await call(machineRoute.GET, operatorToken, "GET", `/api/v1/machines/${dead}`, undefined, id)).status).toBe(404);
  });
});
