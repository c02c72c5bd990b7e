import { z } from "zod";
import { text } from "@/lib/domain/text";

/** Role levels: a higher level includes everything a lower one may do. */
export const roles = ["viewer", "editor", "owner"] as const;
export type Role = (typeof roles)[number];
export const roleSchema = z.enum(roles);

export function roleLevel(role: Role): number {
  return roles.indexOf(role);
}

/**
 * A grant is one role at one scope. Operators hold admin grants (editor or viewer);
 * tenant grants imply the same role in every project of the tenant.
 */
export const grantSchema = z.discriminatedUnion("scope", [
  z.object({ scope: z.literal("admin"), role: z.enum(["editor", "viewer"]) }),
  z.object({ scope: z.literal("tenant"), tenantId: text().min(1).max(100), role: roleSchema }),
  z.object({ scope: z.literal("project"), tenantId: text().min(1).max(100), projectId: text().min(1).max(100), role: roleSchema }),
]);
export type Grant = z.infer<typeof grantSchema>;

/**
 * True when `held` includes everything `wanted` allows (used to cap token roles). A project grant
 * names its tenant too, and both ids must match: a project grant never covers the same project id
 * under another tenant (issue 17 B2). Whether the project really is in that tenant is a fact of the
 * database, checked where principals are built (lib/services/grant-facts.ts).
 */
export function grantCovers(held: Grant, wanted: Grant): boolean {
  if (roleLevel(held.role) < roleLevel(wanted.role)) return false;
  switch (wanted.scope) {
    case "admin":
      return held.scope === "admin";
    case "tenant":
      return held.scope === "tenant" && held.tenantId === wanted.tenantId;
    case "project":
      return (
        (held.scope === "tenant" && held.tenantId === wanted.tenantId) ||
        (held.scope === "project" && held.tenantId === wanted.tenantId && held.projectId === wanted.projectId)
      );
  }
}

export function grantsCover(held: Grant[], wanted: Grant): boolean {
  return held.some((h) => grantCovers(h, wanted));
}

/** The effective grants of a token: its own grants, each only as far as its owner still holds it. */
export function intersectGrants(tokenGrants: Grant[], ownerGrants: Grant[]): Grant[] {
  return tokenGrants.filter((g) => grantsCover(ownerGrants, g));
}

/** Removes grants implied by others, keeping the list short and stable. */
export function normaliseGrants(grants: Grant[]): Grant[] {
  const out: Grant[] = [];
  for (const g of grants) {
    const impliedByOther = grants.some((o) => o !== g && grantCovers(o, g) && !(grantCovers(g, o) && grants.indexOf(o) > grants.indexOf(g)));
    if (!impliedByOther) out.push(g);
  }
  return out;
}

export function grantKey(g: Grant): string {
  return g.scope === "admin" ? `admin:${g.role}` : g.scope === "tenant" ? `tenant:${g.tenantId}:${g.role}` : `project:${g.tenantId}/${g.projectId}:${g.role}`;
}
