import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/client";
import { freshDatabase, testEngines } from "@/lib/test/databases";
import { makeTenant, makeUser, operator } from "@/lib/test/fixtures";
import { deleteSizeImageConstraint, getSizeImageConstraint, listSizeImageConstraints, putSizeImageConstraint } from "./size-image-constraints";
import { createSize } from "./sizes";
import { auditActions, fields, rejects, sizeInput } from "./test-support";

describe.each(testEngines())("size–image constraints on %s", (engine) => {
  let database: Database;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    ({ database, cleanup } = await freshDatabase(engine));
    await createSize(operator, sizeInput("g1-gpu-x86", [32, 64]));
  });
  afterAll(async () => cleanup?.());

  it("sets, replaces, reads and removes a size's image constraint with audit rows", async () => {
    const first = await putSizeImageConstraint(operator, "g1-gpu-x86", { images: { ubuntu: ">= 22.04", "firewall-ubuntu": ">= 3.0" } });
    expect(first).toMatchObject({ sizeId: "g1-gpu-x86", images: { ubuntu: ">= 22.04", "firewall-ubuntu": ">= 3.0" } });
    const second = await putSizeImageConstraint(operator, "g1-gpu-x86", { images: { ubuntu: "24.x" } });
    expect(second.images).toEqual({ ubuntu: "24.x" });
    await makeTenant("acme");
    const viewer = await makeUser("viewer@acme", ["acme-viewers"]);
    expect(await getSizeImageConstraint(viewer, "g1-gpu-x86")).toEqual(second);
    expect((await listSizeImageConstraints(viewer, { limit: 10 })).items).toEqual([second]);
    expect(await rejects(putSizeImageConstraint(viewer, "g1-gpu-x86", { images: {} }))).toMatchObject({ status: 403 });
    await deleteSizeImageConstraint(operator, "g1-gpu-x86");
    expect(await rejects(getSizeImageConstraint(viewer, "g1-gpu-x86"))).toMatchObject({ status: 404 });
    expect(await auditActions(database.db, "size-image-constraint", "g1-gpu-x86")).toEqual([
      "size-image-constraint.create", "size-image-constraint.delete", "size-image-constraint.update",
    ]);
  });

  it("names invalid version ranges and os names, and 404s an unknown size", async () => {
    const bad = await rejects(putSizeImageConstraint(operator, "g1-gpu-x86", { images: { ubuntu: ">= banana", "Ubuntu*": "*", debian: "12.x" } }));
    expect(bad).toMatchObject({ status: 422 });
    expect(fields(bad)).toEqual(["body.images.Ubuntu*", "body.images.ubuntu"]);
    expect(await rejects(putSizeImageConstraint(operator, "c9-none", { images: { ubuntu: "*" } }))).toMatchObject({ status: 404 });
    expect(await rejects(getSizeImageConstraint(operator, "g1-gpu-x86"))).toMatchObject({ status: 404 });
  });
});
