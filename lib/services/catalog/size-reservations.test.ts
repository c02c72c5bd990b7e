import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import type { Actor } from "@/lib/auth/principal";
import type { Database } from "@/lib/db/client";
import { auditEntries, sizeReservations } from "@/lib/db/schema";
import { freshDatabase, testEngines } from "@/lib/test/databases";
import { makeProject, makeTenant, makeUser, operator } from "@/lib/test/fixtures";
import { createPartition } from "./partitions";
import { createReservation, deleteReservation, getReservation, listReservations, updateReservation } from "./size-reservations";
import { createSize } from "./sizes";
import { auditActions, fields, partitionInput, rejects, sizeInput } from "./test-support";

describe.each(testEngines())("size reservations on %s", (engine) => {
  let database: Database;
  let cleanup: () => Promise<void>;
  let acmeId: string;
  let acmeProject: string;
  let globexProject: string;
  let acmeOwner: Actor;
  let acmeProjectViewer: Actor;
  let globexOwner: Actor;
  beforeAll(async () => {
    ({ database, cleanup } = await freshDatabase(engine));
    const acme = await makeTenant("acme");
    const globex = await makeTenant("globex");
    acmeId = acme.id;
    acmeProject = (await makeProject(acme.id, "web")).id;
    globexProject = (await makeProject(globex.id, "analytics")).id;
    acmeOwner = await makeUser("owner@acme", ["acme-owners"]);
    globexOwner = await makeUser("owner@globex", ["globex-owners"]);
    acmeProjectViewer = await makeUser("nobody@acme", []);
    // A project-scoped grant only (no tenant role).
    acmeProjectViewer.principal.grants = [{ scope: "project", tenantId: acme.id, projectId: acmeProject, role: "viewer" }];
    await createPartition(operator, partitionInput("fra1"));
    await createPartition(operator, partitionInput("fra2"));
    await createSize(operator, sizeInput("c1-large-x86", [32, 64]));
  });
  afterAll(async () => cleanup?.());

  it("creates, reads, updates and deletes a reservation, audited under its project", async () => {
    const r = await createReservation(operator, { sizeId: "c1-large-x86", projectId: acmeProject, partitionIds: ["fra1"], amount: 3, description: "launch" });
    expect(r).toMatchObject({ sizeId: "c1-large-x86", projectId: acmeProject, tenantId: acmeId, partitionIds: ["fra1"], amount: 3 });
    expect(await getReservation(acmeOwner, r.id)).toEqual(r);
    const updated = await updateReservation(operator, r.id, { partitionIds: ["fra1", "fra2"], amount: 5 });
    expect(updated).toMatchObject({ partitionIds: ["fra1", "fra2"], amount: 5, description: "launch", tenantId: acmeId });
    await deleteReservation(operator, r.id);
    expect(await rejects(getReservation(operator, r.id))).toMatchObject({ status: 404 });
    expect(await auditActions(database.db, "size-reservation", r.id)).toEqual(["size-reservation.create", "size-reservation.delete", "size-reservation.update"]);
    const [create] = await database.db.select().from(auditEntries).where(eq(auditEntries.targetId, r.id)).limit(1);
    expect(create).toMatchObject({ tenantId: acmeId, projectId: acmeProject });
  });

  it("names a missing project, size and partitions, and writes nothing", async () => {
    const bad = await rejects(createReservation(operator, { sizeId: "c9-none", projectId: "no-such-project", partitionIds: ["fra1", "ams9", "fra1"], amount: 1, description: "" }));
    expect(bad).toMatchObject({ status: 422 });
    expect(fields(bad)).toEqual(["body.partitionIds.1", "body.partitionIds.2", "body.projectId", "body.sizeId"]);
    expect(bad.errors).toContainEqual({ field: "body.partitionIds.1", message: "no partition ams9" });
    expect(bad.errors).toContainEqual({ field: "body.partitionIds.2", message: "fra1 is listed twice" });
    expect(await database.db.select().from(sizeReservations)).toEqual([]);
  });

  it("shows a reservation to its project's members and operators only; only operators change it", async () => {
    const acme = await createReservation(operator, { sizeId: "c1-large-x86", projectId: acmeProject, partitionIds: ["fra1"], amount: 2, description: "" });
    const globex = await createReservation(operator, { sizeId: "c1-large-x86", projectId: globexProject, partitionIds: ["fra2"], amount: 1, description: "" });
    expect(await rejects(getReservation(globexOwner, acme.id))).toMatchObject({ status: 404 });
    expect((await getReservation(acmeProjectViewer, acme.id)).id).toBe(acme.id);
    expect(await rejects(getReservation(acmeProjectViewer, globex.id))).toMatchObject({ status: 404 });
    const ids = async (actor: Actor, q: { projectId?: string } = {}) => (await listReservations(actor, { limit: 50, ...q })).items.map((r) => r.id);
    expect(await ids(operator)).toEqual([acme.id, globex.id]);
    expect(await ids(acmeOwner)).toEqual([acme.id]);
    expect(await ids(acmeProjectViewer)).toEqual([acme.id]);
    expect(await ids(globexOwner)).toEqual([globex.id]);
    expect(await ids(globexOwner, { projectId: acmeProject })).toEqual([]);
    expect(await ids(await makeUser("stranger@nowhere", []))).toEqual([]);
    expect(await rejects(createReservation(acmeOwner, { sizeId: "c1-large-x86", projectId: acmeProject, partitionIds: ["fra1"], amount: 9, description: "" }))).toMatchObject({ status: 403 });
    expect(await rejects(updateReservation(acmeOwner, acme.id, { amount: 9 }))).toMatchObject({ status: 403 });
    expect(await rejects(deleteReservation(globexOwner, acme.id))).toMatchObject({ status: 403 });
    expect(await rejects(updateReservation(operator, acme.id, { partitionIds: ["nope"] }))).toMatchObject({ status: 422, errors: [{ field: "body.partitionIds.0" }] });
    expect((await getReservation(operator, acme.id)).amount).toBe(2);
  });
});
