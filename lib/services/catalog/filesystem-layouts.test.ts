import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import type { Actor } from "@/lib/auth/principal";
import type { Database } from "@/lib/db/client";
import { filesystemLayouts } from "@/lib/db/schema";
import { freshDatabase, testEngines } from "@/lib/test/databases";
import { makeTenant, makeUser, operator } from "@/lib/test/fixtures";
import { createLayout, deleteLayout, getLayout, listLayouts, tryLayout, updateLayout } from "./filesystem-layouts";
import { createImage } from "./images";
import { createPartition } from "./partitions";
import { createSize, deleteSize } from "./sizes";
import { auditActions, fields, imageInput, insertMachine, layoutInput, partitionInput, rejects, sizeInput } from "./test-support";

describe.each(testEngines())("filesystem layouts on %s", (engine) => {
  let database: Database;
  let cleanup: () => Promise<void>;
  let tenantViewer: Actor;
  beforeAll(async () => {
    ({ database, cleanup } = await freshDatabase(engine));
    await makeTenant("acme");
    tenantViewer = await makeUser("viewer@acme", ["acme-viewers"]);
    await createSize(operator, sizeInput("c1-small-x86", [8, 16]));
    await createSize(operator, sizeInput("c1-large-x86", [32, 64]));
    await createImage(operator, imageInput("ubuntu-24.04.20260101"));
    await createImage(operator, imageInput("ubuntu-24.04.20260301"));
    await createImage(operator, imageInput("debian-12.0.20260101"));
  });
  afterAll(async () => cleanup?.());

  it("creates, reads, replaces and deletes a layout with an audit row each", async () => {
    const created = await createLayout(operator, layoutInput("simple", { sizes: ["c1-small-x86"], images: { ubuntu: ">= 22.04" } }));
    expect(created).toMatchObject({ id: "simple", raid: [], volumeGroups: [], logicalVolumes: [], disks: [{ device: "/dev/sda", wipeOnReinstall: true }] });
    expect(await getLayout(tenantViewer, "simple")).toEqual(created);
    const { id: _id, ...body } = layoutInput("simple", { sizes: ["c1-small-x86"], images: { ubuntu: ">= 22.04", debian: "12.x" } }, { name: "Simple" });
    const replaced = await updateLayout(operator, "simple", body);
    expect(replaced).toMatchObject({ name: "Simple", constraints: { images: { debian: "12.x" } } });
    expect((await listLayouts(tenantViewer, { limit: 10, q: "simp" })).items.map((l) => l.id)).toEqual(["simple"]);
    await deleteLayout(operator, "simple");
    expect(await rejects(getLayout(operator, "simple"))).toMatchObject({ status: 404 });
    expect(await auditActions(database.db, "filesystem-layout", "simple")).toEqual(["filesystem-layout.create", "filesystem-layout.delete", "filesystem-layout.update"]);
  });

  it("names missing devices, a bad version range and an unknown size, writing nothing", async () => {
    const input = layoutInput("broken", { sizes: ["c1-small-x86", "c1-nope"], images: { ubuntu: ">= 24.04 <<" } }, {
      filesystems: [
        { path: "/", device: "/dev/sda2", format: "ext4" },
        { path: "/var", device: "/dev/sdb1", format: "ext4" },
      ],
      raid: [{ name: "/dev/md0", level: "1", devices: ["/dev/sda1", "/dev/sdc1"] }],
    });
    const problem = await rejects(createLayout(operator, input));
    expect(problem).toMatchObject({ status: 422, code: "validation_failed" });
    expect(fields(problem)).toEqual([
      "body.constraints.images.ubuntu",
      "body.constraints.sizes.1",
      "body.filesystems.1.device",
      "body.raid.0.devices.1",
    ]);
    expect(problem.errors!.find((e) => e.field === "body.filesystems.1.device")!.message).toMatch(/\/dev\/sdb1 does not exist in this layout/);
    expect(problem.errors!.find((e) => e.field === "body.constraints.sizes.1")!.message).toBe("no size c1-nope");
    expect(await database.db.select().from(filesystemLayouts).where(eq(filesystemLayouts.id, "broken"))).toEqual([]);
    expect(await auditActions(database.db, "filesystem-layout", "broken")).toEqual([]);
  });

  it("refuses a layout whose constraints overlap another's, naming it", async () => {
    await createLayout(operator, layoutInput("ubuntu-small", { sizes: ["c1-small-x86"], images: { ubuntu: ">= 24.04" } }));
    const overlap = await rejects(createLayout(operator, layoutInput("ubuntu-new", { sizes: ["c1-large-x86", "c1-small-x86"], images: { ubuntu: ">= 26" } })));
    expect(overlap).toMatchObject({ status: 409, code: "layout_overlap", otherLayout: "ubuntu-small" });
    // Other sizes or disjoint version ranges are fine.
    await createLayout(operator, layoutInput("ubuntu-large", { sizes: ["c1-large-x86"], images: { ubuntu: ">= 24.04" } }));
    await createLayout(operator, layoutInput("ubuntu-old", { sizes: ["c1-small-x86"], images: { ubuntu: "< 24.04" } }));
    const edit = await rejects(updateLayout(operator, "ubuntu-old", layoutInput("xx", { sizes: ["c1-small-x86"], images: { ubuntu: "< 24.10" } })));
    expect(edit).toMatchObject({ status: 409, code: "layout_overlap", otherLayout: "ubuntu-small" });
    expect((await getLayout(operator, "ubuntu-old")).constraints.images).toEqual({ ubuntu: "< 24.04" });
  });

  it("tries which layout a size and a (partial) image would get", async () => {
    expect(await tryLayout(tenantViewer, { size: "c1-small-x86", image: "ubuntu-24.04" })).toEqual({ layoutId: "ubuntu-small", imageId: "ubuntu-24.04.20260301" });
    expect(await tryLayout(tenantViewer, { size: "c1-large-x86", image: "ubuntu-24.04.20260101" })).toEqual({ layoutId: "ubuntu-large", imageId: "ubuntu-24.04.20260101" });
    expect(await tryLayout(tenantViewer, { size: "c1-small-x86", image: "debian-12" })).toEqual({ layoutId: null, imageId: "debian-12.0.20260101", reason: "none", candidates: [] });
    expect(await rejects(tryLayout(tenantViewer, { size: "c1-small-x86", image: "debian-13" }))).toMatchObject({ status: 422, errors: [{ field: "body.image", message: "no image debian-13.x" }] });
    expect(await rejects(tryLayout(tenantViewer, { size: "c9-none", image: "debian-12" }))).toMatchObject({ status: 422, errors: [{ field: "body.size" }] });
  });

  it("refuses deleting a layout machines use, and a size layouts name", async () => {
    await createPartition(operator, partitionInput("fra1"));
    await insertMachine(database.db, { partitionId: "fra1", filesystemLayoutId: "ubuntu-large" });
    expect(await rejects(deleteLayout(operator, "ubuntu-large"))).toMatchObject({ status: 409, code: "still_referenced", detail: "filesystem layout ubuntu-large is used by 1 machine(s)." });
    expect(await rejects(deleteSize(operator, "c1-small-x86"))).toMatchObject({ status: 409, code: "still_referenced", detail: "size c1-small-x86 is used by 2 filesystem layout(s)." });
  });

  it("refuses changes by tenants", async () => {
    const owner = await makeUser("owner@acme", ["acme-owners"]);
    expect(await rejects(createLayout(owner, layoutInput("mine", { sizes: [], images: {} })))).toMatchObject({ status: 403 });
    expect(await rejects(deleteLayout(owner, "ubuntu-old"))).toMatchObject({ status: 403 });
  });
});
