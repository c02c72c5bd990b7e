import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { auditEntries } from "@/lib/db/schema";
import type { Database } from "@/lib/db/client";
import { toProblem } from "@/lib/http/problem";
import { freshDatabase, testEngines } from "@/lib/test/databases";
import { makeProject, makeTenant, makeUser, operator } from "@/lib/test/fixtures";
import { listAudit } from "./audit";
import { createProject, deleteProject, getProject, listProjects, updateProject } from "./projects";
import { createTenant, deleteTenant, getTenant, listTenants, updateTenant } from "./tenants";
import { authenticateToken, createToken, listTokens, revokeToken } from "./tokens";

const inAYear = () => new Date(Date.now() + 300 * 86_400_000);

async function rejects(p: Promise<unknown>): Promise<{ status: number; code: string; errors?: unknown }> {
  try {
    await p;
  } catch (err) {
    const problem = toProblem(err);
    if (problem.status === 500) throw err;
    return problem as never;
  }
  throw new Error("expected a rejection");
}

describe.each(testEngines())("foundation services on %s", (engine) => {
  let database: Database;
  let cleanup: () => Promise<void>;
  beforeAll(async () => ({ database, cleanup } = await freshDatabase(engine)));
  afterAll(async () => cleanup?.());

  it("applies the migrations to an empty database", async () => {
    const r = await database.raw.query<{ n: number }>("select count(*)::int as n from information_schema.tables where table_name in ('tenants','projects','users','memberships','api_tokens','audit_entries')");
    expect(r.rows[0].n).toBe(6);
  });

  it("creates, reads, updates and deletes projects with an audit row each", async () => {
    const acme = await makeTenant("acme");
    const owner = await makeUser("owner@acme", ["acme-owners"]);
    const p = await createProject(owner, { tenantId: acme.id, name: "web", description: "site" });
    expect(p).toMatchObject({ name: "web", tenantName: "acme", myRole: "owner" });
    expect((await getProject(owner, p.id)).description).toBe("site");
    const renamed = await updateProject(owner, p.id, { name: "www" });
    expect(renamed.name).toBe("www");
    await deleteProject(owner, p.id);
    expect((await rejects(getProject(owner, p.id))).status).toBe(404);

    const rows = await (database.db).select().from(auditEntries).where(eq(auditEntries.targetId, p.id));
    expect(rows.map((r) => r.action).sort()).toEqual(["project.create", "project.delete", "project.update"]);
    const update = rows.find((r) => r.action === "project.update")!;
    expect(update.requestId).toBe(owner.requestId);
    expect(update.actorId).toBe(owner.principal.userId);
    expect((update.before as { name: string }).name).toBe("web");
    expect((update.after as { name: string }).name).toBe("www");
  });

  it("refuses a viewer's create and a duplicate name, writing nothing", async () => {
    const t = await makeTenant("initech");
    const viewer = await makeUser("viewer@initech", ["initech-viewers"]);
    const editor = await makeUser("editor@initech", ["initech-editors"]);
    expect((await rejects(createProject(viewer, { tenantId: t.id, name: "x1", description: "" }))).status).toBe(403);
    await createProject(editor, { tenantId: t.id, name: "dup", description: "" });
    const dup = await rejects(createProject(editor, { tenantId: t.id, name: "dup", description: "" }));
    expect(dup).toMatchObject({ status: 409, code: "already_exists" });
    const creates = await database.db.select().from(auditEntries).where(sql`${auditEntries.action} = 'project.create' and ${auditEntries.tenantId} = ${t.id}`);
    expect(creates).toHaveLength(1);
  });

  it("hides a foreign tenant's tenant and projects (404, empty lists)", async () => {
    const a = await makeTenant("tenant-a");
    const b = await makeTenant("tenant-b");
    const pb = await makeProject(b.id, "secret-plans");
    const ownerA = await makeUser("owner@a", ["tenant-a-owners"]);
    expect((await rejects(getProject(ownerA, pb.id))).status).toBe(404);
    expect((await rejects(getTenant(ownerA, b.id))).status).toBe(404);
    expect((await rejects(updateProject(ownerA, pb.id, { name: "mine" }))).status).toBe(404);
    expect((await rejects(deleteProject(ownerA, pb.id))).status).toBe(404);
    const visible = await listProjects(ownerA, { limit: 500 });
    expect(visible.items.every((p) => p.tenantId === a.id)).toBe(true);
    const tenantsSeen = await listTenants(ownerA, { limit: 100 });
    expect(tenantsSeen.items.map((t) => t.name)).toEqual(["tenant-a"]);
    // Creating a project in the foreign tenant names the field and does not reveal the tenant.
    const bad = await rejects(createProject(ownerA, { tenantId: b.id, name: "sneaky", description: "" }));
    expect(bad).toMatchObject({ status: 422, errors: [{ field: "body.tenantId", message: "no such tenant" }] });
  });

  it("paginates projects with cursors, without gaps or repeats", async () => {
    const t = await makeTenant("paged");
    for (let i = 0; i < 7; i++) await makeProject(t.id, `p-${i}`);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await listProjects(operator, { limit: 3, tenantId: t.id, cursor });
      seen.push(...page.items.map((p) => p.name));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(["p-0", "p-1", "p-2", "p-3", "p-4", "p-5", "p-6"]);
  });

  it("lets only operators change quotas, and refuses deleting a tenant with projects", async () => {
    const t = await makeTenant("quota-co");
    const p = await makeProject(t.id, "main");
    const owner = await makeUser("owner@quota", ["quota-co-owners"]);
    expect((await rejects(updateProject(owner, p.id, { quotas: { machines: 100 } }))).status).toBe(403);
    expect((await updateProject(operator, p.id, { quotas: { machines: 5 } })).quotas.machines).toBe(5);
    expect(await rejects(deleteTenant(operator, t.id))).toMatchObject({ status: 409, code: "still_referenced" });
  });

  it("creates tokens capped at the creator's roles, authenticates and revokes them", async () => {
    const t = await makeTenant("tok");
    const editor = await makeUser("editor@tok", ["tok-editors"]);
    const tooHigh = await rejects(createToken(editor, { description: "x", roles: [{ scope: "tenant", tenantId: t.id, role: "owner" }], expiresAt: inAYear() }));
    expect(tooHigh).toMatchObject({ status: 422, errors: [{ field: "body.roles.0" }] });
    const adminRole = await rejects(createToken(editor, { description: "x", roles: [{ scope: "admin", role: "viewer" }], expiresAt: inAYear() }));
    expect(adminRole.status).toBe(422);
    const tooLong = await rejects(createToken(editor, { description: "x", roles: [{ scope: "tenant", tenantId: t.id, role: "viewer" }], expiresAt: new Date(Date.now() + 400 * 86_400_000) }));
    expect(tooLong).toMatchObject({ status: 422, errors: [{ field: "body.expiresAt" }] });

    const created = await createToken(editor, { description: "ci", roles: [{ scope: "tenant", tenantId: t.id, role: "viewer" }], expiresAt: inAYear() });
    expect(created.secret).toMatch(/^mtk_/);
    const principal = await authenticateToken(created.secret);
    expect(principal).toMatchObject({ kind: "token", userId: editor.principal.userId, grants: [{ scope: "tenant", tenantId: t.id, role: "viewer" }] });
    const listed = await listTokens(editor, { limit: 50 });
    expect(listed.items.map((x) => x.id)).toContain(created.id);
    expect(JSON.stringify(listed)).not.toContain(created.secret);

    await revokeToken(editor, created.id);
    expect(await authenticateToken(created.secret)).toBeNull();
    expect(await authenticateToken("mtk_" + "A".repeat(43))).toBeNull();

    const audit = await database.db.select().from(auditEntries).where(eq(auditEntries.targetId, created.id));
    expect(audit.map((a) => a.action).sort()).toEqual(["token.create", "token.revoke"]);
    expect(JSON.stringify(audit)).not.toContain(created.secret);
  });

  it("cuts a token's roles when its owner loses them", async () => {
    const t = await makeTenant("shrink");
    const owner = await makeUser("owner@shrink", ["shrink-owners"]);
    const tok = await createToken(owner, { description: "x", roles: [{ scope: "tenant", tenantId: t.id, role: "owner" }], expiresAt: inAYear() });
    await database.raw.query("update users set groups = '[]'::jsonb where id = $1", [owner.principal.userId]);
    expect((await authenticateToken(tok.secret))?.grants).toEqual([]);
  });

  it("lets a tenant owner edit its tenant's description without touching its group mapping", async () => {
    const t = await makeTenant("keep-groups");
    const owner = await makeUser("owner@keep", ["keep-groups-owners"]);
    const updated = await updateTenant(owner, t.id, { description: "ours" });
    expect(updated.description).toBe("ours");
    expect(updated.groupRoles).toEqual(t.groupRoles);
    expect((await rejects(updateTenant(owner, t.id, { groupRoles: {} }))).status).toBe(403);
  });

  it("lists and filters the audit log for operators only", async () => {
    const t = await createTenant(operator, { name: "audited", description: "", groupRoles: {}, quotas: {} });
    const page = await listAudit(operator, { limit: 10, targetId: t.id });
    expect(page.items[0]).toMatchObject({ action: "tenant.create", target: { type: "tenant", id: t.id } });
    const user = await makeUser("nobody@x", []);
    expect((await rejects(listAudit(user, { limit: 10 }))).status).toBe(403);
  });

  it("rolls back the whole mutation when its audit write fails", async () => {
    // A constraint that only the audit row of this one tenant violates.
    await database.raw.exec("alter table audit_entries add constraint reject_one check (coalesce(after->>'name', '') <> 'half-written')");
    try {
      const failed = await rejects(createTenant(operator, { name: "half-written", description: "", groupRoles: {}, quotas: {} }));
      expect(failed).toMatchObject({ status: 409, code: "check_violation" });
    } finally {
      await database.raw.exec("alter table audit_entries drop constraint reject_one");
    }
    const all = await listTenants(operator, { limit: 500, q: "half-written" });
    expect(all.items).toEqual([]);
  });
});
