import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as ipxeRoute from "@/app/api/boot/ipxe/route";
import * as registerRoute from "@/app/api/boot/register/route";
import * as reenrollRoute from "@/app/api/v1/admin/machines/[id]/reenroll/route";
import type { Database } from "@/lib/db/client";
import { auditEntries, machineProvisioning, machines } from "@/lib/db/schema";
import { freshDatabase, testEngines } from "@/lib/test/databases";
import { makeTenant, makeUser, operator } from "@/lib/test/fixtures";
import { createPartition } from "../catalog/partitions";
import { partitionInput } from "../catalog/test-support";
import { createToken } from "../tokens";
import { call, machineUuid, registration } from "./agent-test-support";
import { createBootCredential } from "./boot-credentials";
import { allowReenrollment } from "./reenroll";

/**
 * Issue 10 item 2: the partition boot credential is in every iPXE script, so it must not be able
 * to re-register a machine that exists — that reissued the machine's credential and overwrote its
 * hardware and BMC record (a takeover). A known machine registers with its own credential, or once
 * within an operator's re-enroll window. And a partition's bootNetworks fence the boot service.
 */
describe.each(testEngines())("re-registration and boot networks on %s", (engine) => {
  let database: Database;
  let cleanup: () => Promise<void>;
  let bootSecret: string;
  let fencedSecret: string;
  let adminToken: string;
  let tenantToken: string;

  const register = (token: string, uuid: string, extra: Parameters<typeof registration>[1] = {}, peer?: string) =>
    call(registerRoute.POST, { path: "/api/boot/register", token, body: registration(uuid, extra), peer });
  const reenroll = (token: string, id: string, windowMinutes?: number) =>
    call(reenrollRoute.POST, { path: `/api/v1/admin/machines/${id}/reenroll`, token, params: { id }, body: windowMinutes === undefined ? {} : { windowMinutes } });
  const rackOf = async (id: string) => (await database.db.select({ rack: machines.rack }).from(machines).where(eq(machines.id, id)))[0].rack;

  beforeAll(async () => {
    ({ database, cleanup } = await freshDatabase(engine));
    await createPartition(operator, partitionInput("fra1"));
    await createPartition(operator, partitionInput("fenced", { bootNetworks: ["10.0.0.0/8", "fd00:b::/48"] }));
    bootSecret = (await createBootCredential(operator, "fra1", { description: "t" })).secret;
    fencedSecret = (await createBootCredential(operator, "fenced", { description: "t" })).secret;
    const admin = await makeUser("admin@metal", ["metal-admins"]);
    adminToken = (await createToken(admin, { description: "ops", roles: [{ scope: "admin", role: "editor" }], expiresAt: new Date(Date.now() + 86_400_000) })).secret;
    const acme = await makeTenant("acme");
    const owner = await makeUser("owner@acme", ["acme-owners"]);
    tenantToken = (await createToken(owner, { description: "t", roles: [{ scope: "tenant", tenantId: acme.id, role: "owner" }], expiresAt: new Date(Date.now() + 86_400_000) })).secret;
  });
  afterAll(async () => cleanup?.());

  it("refuses to re-register a known machine with the partition boot credential: its credential and record stay", async () => {
    const uuid = machineUuid();
    const first = await register(bootSecret, uuid, { rack: "r01" });
    expect(first.status).toBe(200);
    const takeover = await register(bootSecret, uuid, { rack: "evil" });
    expect(takeover.status).toBe(403);
    expect(takeover.body).toMatchObject({ code: "reenroll_required" });
    expect(takeover.text).not.toContain("mmc_");
    expect(await rackOf(uuid)).toBe("r01");
    // The machine's own credential still works, and re-registers it as before.
    const own = await register(first.body.credential, uuid, { rack: "r02" });
    expect(own.status).toBe(200);
    expect(await rackOf(uuid)).toBe("r02");
  });

  it("lets exactly one registration through within an operator's re-enroll window (audited), and none after it", async () => {
    const uuid = machineUuid();
    expect((await register(bootSecret, uuid)).status).toBe(200);
    expect((await reenroll(tenantToken, uuid)).status).toBe(404);
    const allowed = await reenroll(adminToken, uuid, 10);
    expect(allowed.status).toBe(200);
    expect(Date.parse(allowed.body.reenrollUntil) - Date.now()).toBeGreaterThan(9 * 60_000);
    const again = await register(bootSecret, uuid, { rack: "r07" });
    expect(again.status).toBe(200);
    expect(again.body.credential).toMatch(/^mmc_/);
    expect((await register(bootSecret, uuid)).status).toBe(403);
    const actions = await database.db.select({ action: auditEntries.action, after: auditEntries.after }).from(auditEntries).where(eq(auditEntries.targetId, uuid));
    expect(actions.map((a) => a.action)).toEqual(["machine.register", "machine.reenroll.allow", "machine.reregister"]);
    expect(actions[2].after).toMatchObject({ authorisedBy: "re-enroll" });

    await allowReenrollment(operator, uuid, 5);
    await database.db.update(machineProvisioning).set({ reenrollUntil: new Date(Date.now() - 1000) }).where(and(eq(machineProvisioning.machineId, uuid)));
    expect((await register(bootSecret, uuid)).status).toBe(403);
  });

  it("serves the iPXE script and registration of a fenced partition only to sources inside its boot networks", async () => {
    const outside = await call(ipxeRoute.GET, { path: "/api/boot/ipxe?partition=fenced", peer: "192.0.2.7" });
    expect(outside.status).toBe(403);
    expect(outside.text).not.toContain("mbc_");
    expect((await call(ipxeRoute.GET, { path: "/api/boot/ipxe?partition=fenced", peer: "10.1.2.3" })).status).toBe(200);
    expect((await call(ipxeRoute.GET, { path: "/api/boot/ipxe?partition=fenced", peer: "fd00:b::9" })).status).toBe(200);
    expect((await register(fencedSecret, machineUuid(), {}, "192.0.2.7")).status).toBe(403);
    expect((await register(fencedSecret, machineUuid(), {}, "10.9.9.9")).status).toBe(200);
    // A partition without boot networks serves any source.
    expect((await call(ipxeRoute.GET, { path: "/api/boot/ipxe?partition=fra1", peer: "192.0.2.7" })).status).toBe(200);
  });
});
