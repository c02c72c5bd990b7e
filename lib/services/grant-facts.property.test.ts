import { and, inArray } from "drizzle-orm";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Grant, grantCovers, intersectGrants, type Role } from "@/lib/auth/grants";
import { can } from "@/lib/auth/permissions";
import type { Database } from "@/lib/db/client";
import { projects, tenants } from "@/lib/db/schema";
import { freshDatabase } from "@/lib/test/databases";
import { verifyGrants } from "./grant-facts";
import { projectIsReadable } from "./visibility";

/**
 * Issue 10 item 1, as a property: over random tenant/project graphs, random memberships of a
 * holder and random token grants (ids of existing and made-up tenants and projects, in any
 * combination), nothing the holder builds from them reaches a project outside the holder's own
 * tenants — not grantCovers, not `can`, not the SQL every list filters with. And the list filter
 * and `can` agree project by project.
 */
type Graph = { tenants: string[]; projects: { id: string; tenantId: string }[] };

const role = fc.constantFrom<Role>("viewer", "editor", "owner");

/** A graph: 1–4 tenants, 0–8 projects each in one of them. Ids are indexes, made unique per run. */
const graphArb = fc.record({
  tenantCount: fc.integer({ min: 1, max: 4 }),
  projectTenants: fc.array(fc.nat(3), { maxLength: 8 }),
});

let run = 0;
function materialise(shape: { tenantCount: number; projectTenants: number[] }): Graph {
  run++;
  const ts = Array.from({ length: shape.tenantCount }, (_, i) => `r${run}-t${i}`);
  return { tenants: ts, projects: shape.projectTenants.map((t, i) => ({ id: `r${run}-p${i}`, tenantId: ts[t % ts.length] })) };
}

/** Grants over indexes into the graph (and beyond it: made-up ids), resolved once the graph exists. */
const rawGrant = fc.oneof(
  fc.record({ scope: fc.constant("admin" as const), role: fc.constantFrom<"viewer" | "editor">("viewer", "editor") }),
  fc.record({ scope: fc.constant("tenant" as const), t: fc.nat(5), role }),
  fc.record({ scope: fc.constant("project" as const), t: fc.nat(5), p: fc.nat(9), role }),
);
type RawGrant = typeof rawGrant extends fc.Arbitrary<infer T> ? T : never;

function resolve(g: RawGrant, graph: Graph): Grant {
  const tenantId = graph.tenants[g.scope === "admin" ? 0 : g.t] ?? `r${run}-ghost-t${g.scope === "admin" ? 0 : g.t}`;
  if (g.scope === "admin") return { scope: "admin", role: g.role };
  if (g.scope === "tenant") return { scope: "tenant", tenantId, role: g.role };
  return { scope: "project", tenantId, projectId: graph.projects[g.p]?.id ?? `r${run}-ghost-p${g.p}`, role: g.role };
}

/** Memberships are rows of the database: a tenant role, or a project role with the project's real tenant. */
const membershipArb = fc.array(fc.oneof(
  fc.record({ scope: fc.constant("tenant" as const), t: fc.nat(3), role }),
  fc.record({ scope: fc.constant("project" as const), p: fc.nat(7), role }),
), { maxLength: 4 });

type RawMembership = typeof membershipArb extends fc.Arbitrary<(infer T)[]> ? T : never;

function memberships(raw: RawMembership[], graph: Graph): Grant[] {
  return raw.flatMap((m): Grant[] => {
    if (m.scope === "tenant") return [{ scope: "tenant", tenantId: graph.tenants[m.t % graph.tenants.length], role: m.role }];
    const p = graph.projects[m.p];
    return p ? [{ scope: "project", tenantId: p.tenantId, projectId: p.id, role: m.role }] : [];
  });
}

describe("grants never reach a project outside the holder's tenants (property, PGlite)", () => {
  let database: Database;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    ({ database, cleanup } = await freshDatabase("pglite"));
  });
  afterAll(async () => cleanup?.());

  async function insert(graph: Graph): Promise<void> {
    await database.db.insert(tenants).values(graph.tenants.map((id) => ({ id, name: id })));
    if (graph.projects.length) await database.db.insert(projects).values(graph.projects.map((p) => ({ id: p.id, tenantId: p.tenantId, name: p.id })));
  }

  /** What the list filters return, restricted to this run's projects. */
  async function listed(grants: Grant[], graph: Graph): Promise<Set<string>> {
    if (!graph.projects.length) return new Set();
    const rows = await database.db.select({ id: projects.id }).from(projects)
      .where(and(inArray(projects.id, graph.projects.map((p) => p.id)), projectIsReadable(grants, projects.id)));
    return new Set(rows.map((r) => r.id));
  }

  it("holds for grantCovers, can and the list filter, with and without verification", async () => {
    await fc.assert(fc.asyncProperty(graphArb, membershipArb, fc.array(rawGrant, { maxLength: 6 }), async (shape, rawMembers, rawWanted) => {
      const graph = materialise(shape);
      await insert(graph);
      const held = await verifyGrants(database.db, memberships(rawMembers, graph));
      const own = new Set(held.flatMap((g) => (g.scope === "admin" ? [] : [g.tenantId])));
      const wanted = rawWanted.map((g) => resolve(g, graph));
      const tenantOf = new Map(graph.projects.map((p) => [p.id, p.tenantId]));

      // grantCovers: a held grant only ever covers grants of its own tenant.
      for (const h of held) for (const w of wanted) {
        if (grantCovers(h, w)) expect(h.scope !== "admin" && w.scope !== "admin" && w.tenantId === h.tenantId, `${JSON.stringify(h)} covers ${JSON.stringify(w)}`).toBe(true);
      }
      const capped = intersectGrants(wanted, held);
      const effective = await verifyGrants(database.db, capped);
      for (const grants of [effective, capped]) {
        const reached = await listed(grants, graph);
        for (const id of reached) expect(own.has(tenantOf.get(id)!), `list reaches ${id} of ${tenantOf.get(id)}`).toBe(true);
        for (const p of graph.projects) {
          const allowed = can(grants, "resource.read", { kind: "project", tenantId: p.tenantId, projectId: p.id });
          if (allowed) expect(own.has(p.tenantId)).toBe(true);
          // The list filter and the permission matrix agree, project by project (for verified grants).
          if (grants === effective) expect(reached.has(p.id), `${p.id}: can=${allowed}`).toBe(allowed);
        }
        for (const t of graph.tenants) if (can(grants, "tenant.read", { kind: "tenant", tenantId: t })) expect(own.has(t)).toBe(true);
      }
      // Verification keeps exactly the grants that are facts of the graph.
      for (const g of effective) {
        if (g.scope === "project") expect(tenantOf.get(g.projectId)).toBe(g.tenantId);
        if (g.scope !== "admin") expect(graph.tenants).toContain(g.tenantId);
      }
    }), { numRuns: 60 });
  });
});
