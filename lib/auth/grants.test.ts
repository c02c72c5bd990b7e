import { describe, expect, it } from "vitest";
import { type Grant, grantCovers, intersectGrants, normaliseGrants } from "./grants";

const tOwner: Grant = { scope: "tenant", tenantId: "t1", role: "owner" };
const tViewer: Grant = { scope: "tenant", tenantId: "t1", role: "viewer" };
const pEditor: Grant = { scope: "project", tenantId: "t1", projectId: "p1", role: "editor" };
const adminViewer: Grant = { scope: "admin", role: "viewer" };
const adminEditor: Grant = { scope: "admin", role: "editor" };

describe("grants", () => {
  it("a higher role at the same or a wider scope covers a lower one", () => {
    expect(grantCovers(tOwner, tViewer)).toBe(true);
    expect(grantCovers(tOwner, pEditor)).toBe(true);
    expect(grantCovers(adminEditor, adminViewer)).toBe(true);
  });
  it("never covers upwards, sideways or across tenants", () => {
    expect(grantCovers(tViewer, tOwner)).toBe(false);
    expect(grantCovers(pEditor, tViewer)).toBe(false);
    expect(grantCovers(adminViewer, adminEditor)).toBe(false);
    expect(grantCovers(adminEditor, tViewer)).toBe(false);
    expect(grantCovers({ ...tOwner, tenantId: "t2" }, tViewer)).toBe(false);
  });
  it("a project grant never covers its project id under another tenant (issue 17 B2)", () => {
    expect(grantCovers(pEditor, { ...pEditor, role: "viewer" })).toBe(true);
    expect(grantCovers(pEditor, { ...pEditor, tenantId: "t2", role: "viewer" })).toBe(false);
    expect(intersectGrants([{ ...pEditor, tenantId: "t2" }], [pEditor])).toEqual([]);
  });
  it("a token keeps only what its owner still holds", () => {
    expect(intersectGrants([tOwner, pEditor], [tViewer])).toEqual([]);
    expect(intersectGrants([tViewer, pEditor], [tOwner])).toEqual([tViewer, pEditor]);
  });
  it("drops grants implied by others, keeping one of two equal grants", () => {
    expect(normaliseGrants([tViewer, tOwner, pEditor])).toEqual([tOwner]);
    expect(normaliseGrants([tOwner, { ...tOwner }])).toHaveLength(1);
  });
});
