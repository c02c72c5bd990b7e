import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/client";
import { ForbiddenError, NotFoundError } from "@/lib/http/errors";
import { freshDatabase, testEngines } from "@/lib/test/databases";
import { makeProject, makeTenant, makeUser, operator } from "@/lib/test/fixtures";
import { allocateMachine } from "./machines/allocation";
import { allocation, insertWaitingMachine, PARTITION, setupCatalog } from "./machines/allocation.fixtures";
import { createNetwork } from "./networks/networks";
import { auditVocabulary } from "./audit";
import { operatorOverview, projectOverview } from "./overview";

/** Issue 15 item 3: the home pages' numbers, and who may see them. */
describe.each(testEngines())("overviews on %s", (engine) => {
  let database: Database;
  let cleanup: () => Promise<void>;
  let projectId: string;
  let foreignProjectId: string;
  let owner: Awaited<ReturnType<typeof makeUser>>;
  let foreign: Awaited<ReturnType<typeof makeUser>>;

  beforeAll(async () => {
    ({ database, cleanup } = await freshDatabase(engine));
    await setupCatalog();
    projectId = (await makeProject((await makeTenant("acme")).id, "web")).id;
    foreignProjectId = (await makeProject((await makeTenant("globex")).id, "data")).id;
    owner = await makeUser("owner@acme", ["acme-owners"]);
    foreign = await makeUser("owner@globex", ["globex-owners"]);
    await createNetwork(owner, { kind: "private", projectId, partitionId: PARTITION, name: "net", description: "", labels: {} });
    await insertWaitingMachine(database.db);
    await insertWaitingMachine(database.db, { crashLoop: true, provisioningState: "Crashed" });
    await insertWaitingMachine(database.db, { liveliness: "Dead" });
    await allocateMachine(owner, allocation(projectId));
  });
  afterAll(async () => cleanup?.());

  it("counts the fleet by partition and state, the issues, and shows capacity and recent audit to operators", async () => {
    const o = await operatorOverview(operator);
    const total = o.fleet.reduce((n, f) => n + f.n, 0);
    expect(total).toBe(3);
    expect(o.fleet.every((f) => f.partitionId === PARTITION)).toBe(true);
    const issue = (k: string) => o.issues.find((i) => i.issue === k)?.count;
    expect(issue("crashLoop")).toBe(1);
    expect(issue("dead")).toBe(1);
    expect(issue("failedReclaim")).toBe(0);
    expect(o.capacity.find((c) => c.partitionId === PARTITION)?.sizes.reduce((n, s) => n + s.total, 0)).toBe(3);
    expect(o.activity.map((a) => a.action)).toContain("machine.allocate");
  });

  it("refuses the fleet to a tenant", async () => {
    await expect(operatorOverview(owner)).rejects.toBeInstanceOf(ForbiddenError);
  });

  it("summarises a project for its members, and nothing of it for another tenant", async () => {
    const p = await projectOverview(owner, projectId);
    expect(p.byState.reduce((n, s) => n + s.n, 0)).toBe(1);
    expect(p.usage.find((u) => u.kind === "Networks")?.used).toBe(1);
    expect(p.usage.find((u) => u.kind === "IPs")?.used).toBeGreaterThan(0);
    expect(p.activity.length).toBeGreaterThan(0);
    expect(p.activity.every((a) => !("before" in a) && !("after" in a))).toBe(true);
    await expect(projectOverview(foreign, projectId)).rejects.toBeInstanceOf(NotFoundError);
    expect((await projectOverview(foreign, foreignProjectId)).activity.map((a) => a.targetId)).not.toContain(projectId);
  });

  it("suggests the audit log's own actions and target types, to operators only", async () => {
    const v = await auditVocabulary(operator);
    expect(v.actions).toContain("machine.allocate");
    expect(v.actions).toEqual([...v.actions].sort());
    expect(v.targetTypes).toContain("project");
    await expect(auditVocabulary(owner)).rejects.toBeInstanceOf(ForbiddenError);
  });
});
