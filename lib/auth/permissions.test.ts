import { describe, expect, it } from "vitest";
import type { Grant } from "./grants";
import { type Action, actions, can, permissionMatrix, type Target } from "./permissions";

const OWN_T = "t-own";
const OWN_P = "p-own";
const FOREIGN_T = "t-foreign";
const FOREIGN_P = "p-foreign";

const principals: Record<string, Grant[]> = {
  "admin editor": [{ scope: "admin", role: "editor" }],
  "admin viewer": [{ scope: "admin", role: "viewer" }],
  "tenant owner": [{ scope: "tenant", tenantId: OWN_T, role: "owner" }],
  "tenant editor": [{ scope: "tenant", tenantId: OWN_T, role: "editor" }],
  "tenant viewer": [{ scope: "tenant", tenantId: OWN_T, role: "viewer" }],
  "project owner": [{ scope: "project", tenantId: OWN_T, projectId: OWN_P, role: "owner" }],
  "project editor": [{ scope: "project", tenantId: OWN_T, projectId: OWN_P, role: "editor" }],
  "project viewer": [{ scope: "project", tenantId: OWN_T, projectId: OWN_P, role: "viewer" }],
  "no roles": [],
};

/**
 * The expected matrix, written out by hand from DOMAIN.md §7 (not derived from the code):
 * which actions each principal may take on its OWN tenant/project, and on global targets.
 */
const allowedOwn: Record<string, Action[]> = {
  "admin editor": [...actions],
  "admin viewer": ["tenant.read", "tenant.list", "project.read", "resource.read", "catalog.read", "infra.read", "audit.read"],
  "tenant owner": ["tenant.read", "tenant.update", "tenant.members", "project.read", "project.create", "project.update", "project.delete", "resource.read", "resource.write", "catalog.read"],
  "tenant editor": ["tenant.read", "project.read", "project.create", "project.update", "resource.read", "resource.write", "catalog.read"],
  "tenant viewer": ["tenant.read", "project.read", "resource.read", "catalog.read"],
  "project owner": ["tenant.read", "project.read", "project.update", "project.delete", "resource.read", "resource.write", "catalog.read"],
  "project editor": ["tenant.read", "project.read", "project.update", "resource.read", "resource.write", "catalog.read"],
  "project viewer": ["tenant.read", "project.read", "resource.read", "catalog.read"],
  "no roles": ["catalog.read"],
};

function target(action: Action, own: boolean): Target {
  const kind = permissionMatrix[action].target;
  if (kind === "global") return { kind };
  const tenantId = own ? OWN_T : FOREIGN_T;
  return kind === "tenant" ? { kind, tenantId } : { kind, tenantId, projectId: own ? OWN_P : FOREIGN_P };
}

describe("permission matrix", () => {
  for (const [who, grants] of Object.entries(principals)) {
    for (const action of actions) {
      const global = permissionMatrix[action].target === "global";
      const expectedOwn = allowedOwn[who].includes(action);
      it(`${who} ${expectedOwn ? "may" : "may not"} ${action} (${global ? "global" : "own tenant"})`, () => {
        expect(can(grants, action, target(action, true))).toBe(expectedOwn);
      });
      if (global) continue;
      // Operators act across tenants; everyone else gets nothing in a foreign tenant.
      const expectedForeign = who.startsWith("admin") ? expectedOwn : false;
      it(`${who} ${expectedForeign ? "may" : "may not"} ${action} (foreign tenant)`, () => {
        expect(can(grants, action, target(action, false))).toBe(expectedForeign);
      });
    }
  }

  it("a project role does not reach a sibling project of the same tenant", () => {
    const g = principals["project editor"];
    expect(can(g, "resource.write", { kind: "project", tenantId: OWN_T, projectId: "p-sibling" })).toBe(false);
    expect(can(g, "project.read", { kind: "project", tenantId: OWN_T, projectId: "p-sibling" })).toBe(false);
  });

  it("rejects a target of the wrong kind instead of guessing", () => {
    expect(() => can([], "project.read", { kind: "global" })).toThrow(/expects a project target/);
  });
});
