import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import type { Actor } from "@/lib/auth/principal";
import type { Database } from "@/lib/db/client";
import { auditEntries, images } from "@/lib/db/schema";
import { freshDatabase, testEngines } from "@/lib/test/databases";
import { makeTenant, makeUser, operator } from "@/lib/test/fixtures";
import { createImage, deleteImage, getImage, listImages, updateImage } from "./images";
import { createPartition } from "./partitions";
import { auditActions, imageInput, insertMachine, partitionInput, rejects } from "./test-support";

describe.each(testEngines())("images on %s", (engine) => {
  let database: Database;
  let cleanup: () => Promise<void>;
  let tenantViewer: Actor;
  const list = (q: Record<string, string> = {}) => listImages(tenantViewer, { limit: 100, ...q });
  beforeAll(async () => {
    ({ database, cleanup } = await freshDatabase(engine));
    await makeTenant("acme");
    tenantViewer = await makeUser("viewer@acme", ["acme-viewers"]);
  });
  afterAll(async () => cleanup?.());

  it("creates an image storing os and the normalised version, and audits every change", async () => {
    const created = await createImage(operator, imageInput("ubuntu-24.04.20260101", { classification: "supported" }));
    expect(created).toMatchObject({ id: "ubuntu-24.04.20260101", os: "ubuntu", version: "24.4.20260101", classification: "supported", expired: false, expiresAt: null });
    const updated = await updateImage(operator, created.id, { classification: "deprecated", features: ["machine", "firewall"] });
    expect(updated).toMatchObject({ classification: "deprecated", features: ["machine", "firewall"], url: created.url });
    expect(await getImage(tenantViewer, created.id)).toEqual(updated);
    await deleteImage(operator, created.id);
    expect(await rejects(getImage(tenantViewer, created.id))).toMatchObject({ status: 404 });
    expect(await auditActions(database.db, "image", created.id)).toEqual(["image.create", "image.delete", "image.update"]);
  });

  it("accepts an os with dashes (metal-stack's firewall images)", async () => {
    const fw = await createImage(operator, imageInput("firewall-ubuntu-3.0.20240101", { features: ["firewall"] }));
    expect(fw).toMatchObject({ os: "firewall-ubuntu", version: "3.0.20240101" });
    expect((await list({ os: "firewall-ubuntu" })).items.map((i) => i.id)).toEqual([fw.id]);
  });

  it("refuses a second spelling of an existing image and a partial or impossible id", async () => {
    await createImage(operator, imageInput("debian-12.0.20260301"));
    const again = await rejects(createImage(operator, imageInput("debian-12.00.20260301")));
    expect(again).toMatchObject({ status: 409, code: "already_exists", existing: "debian-12.0.20260301" });
    expect(again.detail).toMatch(/already exists as debian-12.0.20260301/);
    expect(await rejects(createImage(operator, imageInput("debian-12.0.20260301")))).toMatchObject({ status: 409, code: "already_exists" });
    expect(await database.db.select().from(images).where(eq(images.os, "debian"))).toHaveLength(1);
    for (const id of ["debian-12.0", "debian-12.0.20260231"]) {
      const bad = await rejects(createImage(operator, imageInput(id)));
      expect(bad).toMatchObject({ status: 422, errors: [{ field: "body.id" }] });
    }
    expect(await database.db.select().from(auditEntries).where(eq(auditEntries.targetId, "debian-12.00.20260301"))).toEqual([]);
  });

  it("resolves a partial id to the newest build and marks expired images", async () => {
    const past = new Date(Date.now() - 86_400_000);
    await createImage(operator, imageInput("ubuntu-22.04.20250101"));
    await createImage(operator, imageInput("ubuntu-22.04.20250601", { expiresAt: past }));
    await createImage(operator, imageInput("ubuntu-22.04.20250301", { features: ["firewall"] }));
    const newest = await list({ resolve: "ubuntu-22.04" });
    expect(newest.items.map((i) => [i.id, i.expired])).toEqual([["ubuntu-22.04.20250601", true]]);
    expect((await list({ resolve: "ubuntu-22.4", feature: "firewall" })).items.map((i) => i.id)).toEqual(["ubuntu-22.04.20250301"]);
    expect((await list({ resolve: "ubuntu-22.04.20250101" })).items.map((i) => i.id)).toEqual(["ubuntu-22.04.20250101"]);
    expect((await list({ resolve: "ubuntu-30" })).items).toEqual([]);
    expect(await rejects(list({ resolve: "ubuntu-22.x" }))).toMatchObject({ status: 422, errors: [{ field: "query.resolve" }] });
    const machineImages = await list({ os: "ubuntu", feature: "machine" });
    expect(machineImages.items.map((i) => i.id)).toEqual(["ubuntu-22.04.20250101", "ubuntu-22.04.20250601"]);
  });

  it("paginates with cursors", async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await listImages(tenantViewer, { limit: 2, cursor });
      seen.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual([...seen].sort());
    expect(seen.length).toBe((await list()).items.length);
  });

  it("refuses deleting an image machines run, and tenants may not write", async () => {
    await createPartition(operator, partitionInput("fra1"));
    await createImage(operator, imageInput("centos-9.0.20260101"));
    await insertMachine(database.db, { partitionId: "fra1", imageId: "centos-9.0.20260101" });
    await insertMachine(database.db, { partitionId: "fra1", imageId: "centos-9.0.20260101" });
    const refused = await rejects(deleteImage(operator, "centos-9.0.20260101"));
    expect(refused).toMatchObject({ status: 409, code: "still_referenced", detail: "image centos-9.0.20260101 is used by 2 machine(s).", references: { machines: 2 } });
    expect(await rejects(createImage(tenantViewer, imageInput("centos-9.0.20260102")))).toMatchObject({ status: 403 });
    expect(await rejects(updateImage(tenantViewer, "centos-9.0.20260101", { name: "mine" }))).toMatchObject({ status: 403 });
    expect(await rejects(deleteImage(tenantViewer, "centos-9.0.20260101"))).toMatchObject({ status: 403 });
  });
});
