import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import type { Actor } from "@/lib/auth/principal";
import type { Database } from "@/lib/db/client";
import { auditEntries, sizeImageConstraints, sizes } from "@/lib/db/schema";
import { epycServer, gpuNode, storageNode } from "@/lib/domain/catalog/size.fixtures";
import { freshDatabase, testEngines } from "@/lib/test/databases";
import { makeProject, makeTenant, makeUser, operator } from "@/lib/test/fixtures";
import { createPartition } from "./partitions";
import { createReservation } from "./size-reservations";
import { putSizeImageConstraint } from "./size-image-constraints";
import { createSize, deleteSize, getSize, listSizes, suggestSize, updateSize } from "./sizes";
import { auditActions, fields, GiB, insertMachine, partitionInput, rejects, sizeInput } from "./test-support";

describe.each(testEngines())("sizes on %s", (engine) => {
  let database: Database;
  let cleanup: () => Promise<void>;
  let tenantViewer: Actor;
  beforeAll(async () => {
    ({ database, cleanup } = await freshDatabase(engine));
    await makeTenant("acme");
    tenantViewer = await makeUser("viewer@acme", ["acme-viewers"]);
    await createPartition(operator, partitionInput("fra1"));
  });
  afterAll(async () => cleanup?.());

  it("creates, reads, lists, updates and deletes a size with an audit row each", async () => {
    const created = await createSize(operator, sizeInput("c1-small-x86", [8, 16], { name: "Small" }));
    expect(created).toMatchObject({ id: "c1-small-x86", name: "Small", constraints: [{ type: "cores", min: 8, max: 16 }, { type: "memory" }, { type: "storage" }] });
    expect(await getSize(tenantViewer, "c1-small-x86")).toEqual(created);
    const updated = await updateSize(operator, "c1-small-x86", { description: "one disk", constraints: sizeInput("xx", [8, 24]).constraints });
    expect(updated).toMatchObject({ description: "one disk", name: "Small", constraints: [{ type: "cores", max: 24 }, {}, {}] });
    const listed = await listSizes(tenantViewer, { limit: 50, q: "small" });
    expect(listed.items.map((s) => s.id)).toEqual(["c1-small-x86"]);
    await deleteSize(operator, "c1-small-x86");
    expect(await rejects(getSize(operator, "c1-small-x86"))).toMatchObject({ status: 404 });
    expect(await auditActions(database.db, "size", "c1-small-x86")).toEqual(["size.create", "size.delete", "size.update"]);
  });

  it("lets tenants read the catalog but not change it", async () => {
    await createSize(operator, sizeInput("t1-read", [1, 1]));
    expect((await listSizes(tenantViewer, { limit: 50 })).items.map((s) => s.id)).toContain("t1-read");
    const owner = await makeUser("owner@acme", ["acme-owners"]);
    expect(await rejects(createSize(owner, sizeInput("t1-mine", [2, 2])))).toMatchObject({ status: 403, code: "forbidden" });
    expect(await rejects(updateSize(owner, "t1-read", { name: "x" }))).toMatchObject({ status: 403 });
    expect(await rejects(deleteSize(owner, "t1-read"))).toMatchObject({ status: 403 });
    await deleteSize(operator, "t1-read");
  });

  it("names the field of min > max, negative values, a bad glob and a memory identifier", async () => {
    const bad = sizeInput("bad-size", [16, 8]);
    bad.constraints.push({ type: "gpu", min: -1, max: 2, identifier: "GA100[" }, { type: "memory", min: 0, max: 1, identifier: "DDR5*" });
    const problem = await rejects(createSize(operator, bad));
    expect(problem).toMatchObject({ status: 422, code: "validation_failed" });
    expect(fields(problem)).toEqual(["body.constraints.0.max", "body.constraints.3.identifier", "body.constraints.3.min", "body.constraints.4.identifier"]);
    expect(problem.errors!.find((e) => e.field === "body.constraints.0.max")!.message).toBe("must be at least min (16)");
    expect(await database.db.select().from(sizes).where(eq(sizes.id, "bad-size"))).toEqual([]);
  });

  it("refuses a size that overlaps another, naming it, and writes nothing", async () => {
    await createSize(operator, sizeInput("o1-large", [32, 48]));
    const overlap = await rejects(createSize(operator, sizeInput("o1-huge", [48, 128])));
    expect(overlap).toMatchObject({ status: 409, code: "size_overlap", otherSize: "o1-large" });
    expect(overlap.detail).toMatch(/o1-huge overlaps size o1-large/);
    expect(await auditActions(database.db, "size", "o1-huge")).toEqual([]);
    // Disjoint core counts, or a GPU requirement the other size cannot have, do not overlap.
    await createSize(operator, sizeInput("o1-small", [8, 16]));
    const gpu = sizeInput("o1-gpu", [32, 48]);
    gpu.constraints.push({ type: "gpu", min: 1, max: 8 });
    await createSize(operator, gpu);
    // Editing a size into an overlap is refused too; the stored size is unchanged.
    const edit = await rejects(updateSize(operator, "o1-small", { constraints: sizeInput("xx", [16, 40]).constraints }));
    expect(edit).toMatchObject({ status: 409, code: "size_overlap", otherSize: "o1-large" });
    expect((await getSize(operator, "o1-small")).constraints[0]).toMatchObject({ min: 8, max: 16 });
    const dup = await rejects(createSize(operator, sizeInput("o1-small", [1, 2])));
    expect(dup.status).toBe(409);
  });

  it("refuses deleting a size machines and reservations use, naming both, and cascades its image constraint", async () => {
    await createSize(operator, sizeInput("used-size", [100, 200]));
    const tenant = await makeTenant("res-co");
    const project = await makeProject(tenant.id, "main");
    for (let i = 0; i < 3; i++) await insertMachine(database.db, { partitionId: "fra1", sizeId: "used-size" });
    const reservation = await createReservation(operator, { sizeId: "used-size", projectId: project.id, partitionIds: ["fra1"], amount: 1, description: "" });
    const refused = await rejects(deleteSize(operator, "used-size"));
    expect(refused).toMatchObject({ status: 409, code: "still_referenced", references: { machines: 3, sizeReservations: 1 } });
    expect(refused.detail).toBe("size used-size is used by 3 machine(s) and 1 size reservation(s).");
    expect(await auditActions(database.db, "size", "used-size")).toEqual(["size.create"]);

    await createSize(operator, sizeInput("free-size", [300, 400]));
    await putSizeImageConstraint(operator, "free-size", { images: { ubuntu: ">= 22.4" } });
    await deleteSize(operator, "free-size");
    expect(await database.db.select().from(sizeImageConstraints).where(eq(sizeImageConstraints.sizeId, "free-size"))).toEqual([]);
    expect(reservation.sizeId).toBe("used-size");
  });

  it("suggests the matching size and constraints describing exactly the hardware", async () => {
    await createSize(operator, {
      id: "s1-epyc", name: "", description: "", labels: {},
      constraints: [
        { type: "cores", min: 64, max: 64 },
        { type: "memory", min: 256 * GiB, max: 1024 * GiB },
        { type: "storage", min: 0, max: 4 * 10 ** 12, identifier: "/dev/nvme*" },
      ],
    });
    const epyc = await suggestSize(tenantViewer, epycServer);
    expect(epyc.match).toEqual({ kind: "match", sizeId: "s1-epyc" });
    expect(epyc.constraints).toEqual([
      { type: "cores", min: 64, max: 64, identifier: "AMD EPYC 7543 32-Core Processor" },
      { type: "memory", min: 512 * GiB, max: 512 * GiB },
      { type: "storage", min: 2 * 960_197_124_096, max: 2 * 960_197_124_096 },
    ]);
    const gpu = await suggestSize(tenantViewer, gpuNode);
    expect(gpu.match).toMatchObject({ kind: "unknown", reason: "none" });
    // The GPU model has brackets: the suggested identifier matches it literally.
    expect(gpu.constraints.at(-1)).toEqual({ type: "gpu", min: 4, max: 4, identifier: "GA100 \\[A100 SXM4 80GB\\]" });
    const created = await createSize(operator, { id: "g1-suggested", name: "", description: "", labels: {}, constraints: gpu.constraints });
    expect((await suggestSize(tenantViewer, gpuNode)).match).toEqual({ kind: "match", sizeId: created.id });
    expect((await suggestSize(tenantViewer, storageNode)).constraints.filter((c) => c.type === "storage")).toHaveLength(1);
  });

  it("keeps nothing of a create whose audit entry fails (one transaction)", async () => {
    // A constraint that only the audit row of this one size violates.
    await database.raw.exec("alter table audit_entries add constraint reject_one check (coalesce(after->>'id', '') <> 'half-written')");
    try {
      expect(await rejects(createSize(operator, sizeInput("half-written", [500, 600])))).toMatchObject({ status: 409, code: "check_violation" });
    } finally {
      await database.raw.exec("alter table audit_entries drop constraint reject_one");
    }
    expect(await database.db.select().from(sizes).where(eq(sizes.id, "half-written"))).toEqual([]);
    expect(await database.db.select().from(auditEntries).where(eq(auditEntries.targetId, "half-written"))).toEqual([]);
  });
});
