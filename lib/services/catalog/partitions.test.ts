import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import type { Actor } from "@/lib/auth/principal";
import type { Database } from "@/lib/db/client";
import { auditEntries, partitions } from "@/lib/db/schema";
import { freshDatabase, testEngines } from "@/lib/test/databases";
import { makeProject, makeTenant, makeUser, operator } from "@/lib/test/fixtures";
import { createPartition, deletePartition, getPartition, listPartitions, updatePartition } from "./partitions";
import { createReservation } from "./size-reservations";
import { createSize } from "./sizes";
import { auditActions, insertMachine, partitionInput, rejects, sizeInput } from "./test-support";

describe.each(testEngines())("partitions on %s", (engine) => {
  let database: Database;
  let cleanup: () => Promise<void>;
  let tenantOwner: Actor;
  beforeAll(async () => {
    ({ database, cleanup } = await freshDatabase(engine));
    await makeTenant("acme");
    tenantOwner = await makeUser("owner@acme", ["acme-owners"]);
  });
  afterAll(async () => cleanup?.());

  it("creates, reads, updates and deletes a partition with an audit row each", async () => {
    const created = await createPartition(operator, partitionInput("fra-equ01", {
      name: "Frankfurt", dnsServers: ["1.1.1.1"], ntpServers: ["pool.ntp.org"], mgmtServiceAddress: "10.0.0.1:4242", labels: { room: "a" },
    }));
    expect(created).toMatchObject({ id: "fra-equ01", name: "Frankfurt", bootConfig: { commandLine: "" }, dnsServers: ["1.1.1.1"], labels: { room: "a" } });
    expect(await getPartition(tenantOwner, "fra-equ01")).toEqual(created);
    const updated = await updatePartition(operator, "fra-equ01", { bootConfig: { ...created.bootConfig, commandLine: "console=ttyS1" }, labels: {} });
    expect(updated).toMatchObject({ name: "Frankfurt", bootConfig: { commandLine: "console=ttyS1" }, labels: {}, dnsServers: ["1.1.1.1"] });
    expect((await listPartitions(tenantOwner, { limit: 50, q: "frank" })).items.map((p) => p.id)).toEqual(["fra-equ01"]);
    await deletePartition(operator, "fra-equ01");
    expect(await rejects(getPartition(tenantOwner, "fra-equ01"))).toMatchObject({ status: 404 });
    const audit = await database.db.select().from(auditEntries).where(eq(auditEntries.targetId, "fra-equ01"));
    expect(audit.map((a) => a.action).sort()).toEqual(["partition.create", "partition.delete", "partition.update"]);
    const update = audit.find((a) => a.action === "partition.update")!;
    expect(update.before).toMatchObject({ bootConfig: { commandLine: "" } });
    expect(update.after).toMatchObject({ bootConfig: { commandLine: "console=ttyS1" } });
  });

  it("refuses a duplicate id with already_exists and writes one audit row", async () => {
    await createPartition(operator, partitionInput("dup"));
    expect(await rejects(createPartition(operator, partitionInput("dup")))).toMatchObject({ status: 409, code: "already_exists" });
    expect(await auditActions(database.db, "partition", "dup")).toEqual(["partition.create"]);
  });

  it("lets tenants read partitions but not change them", async () => {
    expect((await listPartitions(tenantOwner, { limit: 50 })).items.map((p) => p.id)).toContain("dup");
    expect(await rejects(createPartition(tenantOwner, partitionInput("mine")))).toMatchObject({ status: 403 });
    expect(await rejects(updatePartition(tenantOwner, "dup", { name: "mine" }))).toMatchObject({ status: 403 });
    expect(await rejects(deletePartition(tenantOwner, "dup"))).toMatchObject({ status: 403 });
    expect(await database.db.select().from(partitions).where(eq(partitions.id, "mine"))).toEqual([]);
  });

  it("refuses deleting a partition with machines or reservations, naming them", async () => {
    await createPartition(operator, partitionInput("busy"));
    await createPartition(operator, partitionInput("reserved-only"));
    await createSize(operator, sizeInput("c1-x", [8, 16]));
    const project = await makeProject((await makeTenant("res-co")).id, "main");
    await insertMachine(database.db, { partitionId: "busy", sizeId: "c1-x" });
    await createReservation(operator, { sizeId: "c1-x", projectId: project.id, partitionIds: ["busy", "reserved-only"], amount: 2, description: "" });
    const busy = await rejects(deletePartition(operator, "busy"));
    expect(busy).toMatchObject({ status: 409, code: "still_referenced", references: { machines: 1, sizeReservations: 1 } });
    expect(busy.detail).toBe("partition busy is used by 1 machine(s) and 1 size reservation(s).");
    expect(await rejects(deletePartition(operator, "reserved-only"))).toMatchObject({ status: 409, detail: "partition reserved-only is used by 1 size reservation(s)." });
    expect(await auditActions(database.db, "partition", "busy")).toEqual(["partition.create"]);
  });
});
