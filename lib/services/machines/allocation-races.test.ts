import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { MachineDto } from "@/lib/contracts/machines";
import type { Database } from "@/lib/db/client";
import { toProblem } from "@/lib/http/problem";
import { createReservation, deleteReservation } from "@/lib/services/catalog/size-reservations";
import { acquireIp } from "@/lib/services/networks/ips";
import { createNetwork } from "@/lib/services/networks/networks";
import { updateProject } from "@/lib/services/projects";
import { withConnections } from "@/lib/test/concurrency";
import { freshDatabase, requirePostgres } from "@/lib/test/databases";
import { makeProject, makeTenant, makeUser, operator } from "@/lib/test/fixtures";
import { allocateMachine } from "./allocation";
import { allocation, allocationCounts, insertWaitingMachines, PARTITION, resetMachines, setupCatalog } from "./allocation.fixtures";

/**
 * Allocation races at the concurrency they state (each on a pool of that many connections):
 * explicit machine ids against pool claims, quotas and size reservations. Whatever the
 * interleaving, the totals are exact, nothing is handed out twice, and losers get clean 409s.
 * PostgreSQL only (PGlite runs one transaction at a time).
 */
const postgres = requirePostgres("allocation-races.test.ts");

type Settled = PromiseSettledResult<MachineDto>;
const won = (rs: Settled[]) => rs.flatMap((r) => (r.status === "fulfilled" ? [r.value] : []));
const lost = (rs: Settled[]) => rs.flatMap((r) => (r.status === "rejected" ? [`${toProblem(r.reason).status} ${toProblem(r.reason).code}`] : []));

describe.skipIf(!postgres)("allocation races (PostgreSQL)", () => {
  let database: Database;
  let cleanup: () => Promise<void>;
  let acmeId: string;
  let owner: Awaited<ReturnType<typeof makeUser>>;
  let n = 0;

  const project = async () => {
    const p = await makeProject(acmeId, `race-${n++}`);
    await createNetwork(owner, { kind: "private", projectId: p.id, partitionId: PARTITION, name: "net", description: "", labels: {} });
    return p.id;
  };
  /** Runs the requests at once, each on its own connection. */
  const race = async <T,>(requests: (() => Promise<T>)[]) => {
    const { result, opened } = await withConnections(database, requests.length, () => Promise.allSettled(requests.map((r) => r())));
    expect(opened).toBe(requests.length);
    return result;
  };

  beforeAll(async () => {
    ({ database, cleanup } = await freshDatabase("postgres"));
    await setupCatalog();
    acmeId = (await makeTenant("acme")).id;
    owner = await makeUser("owner@acme", ["acme-owners"]);
  });
  afterAll(async () => cleanup?.());
  beforeEach(async () => resetMachines(database.db));

  it("40 explicit-id and 40 pool allocations race for 40 machines: each machine once, explicit winners get theirs", async () => {
    const pool = await insertWaitingMachines(database.db, 40);
    const p = await project();
    const before = await allocationCounts(database.db);
    const targets = pool.slice(0, 20).flatMap((id) => [id, id]); // two explicit requests per machine
    const results = await race([
      ...targets.map((machineId) => () => allocateMachine(owner, allocation(p, { machineId }))),
      ...pool.map(() => () => allocateMachine(owner, allocation(p))),
    ]);
    const winners = won(results);
    expect(winners).toHaveLength(40);
    expect(new Set(winners.map((m) => m.id))).toEqual(new Set(pool));
    const explicitWins = results.slice(0, targets.length).flatMap((r, i) => (r.status === "fulfilled" ? [{ got: r.value.id, asked: targets[i] }] : []));
    expect(explicitWins.filter((w) => w.got !== w.asked)).toEqual([]);
    expect(lost(results).filter((c) => c !== "409 no_machine_available" && c !== "409 machine_allocated")).toEqual([]);
    const addresses = winners.flatMap((m) => m.allocation!.networks.flatMap((net) => net.addresses));
    expect(new Set(addresses).size).toBe(addresses.length);
    expect(new Set(winners.map((m) => m.allocation!.asn)).size).toBe(40);
    const after = await allocationCounts(database.db);
    expect(after.allocations - before.allocations).toBe(40);
    expect(after.ipamIps - before.ipamIps).toBe(after.ipRows - before.ipRows); // no orphaned addresses
  });

  it("30 allocations race for a project with a quota of 10 machines: exactly 10", async () => {
    await insertWaitingMachines(database.db, 30);
    const p = await project();
    await updateProject(operator, p, { quotas: { machines: 10 } });
    const results = await race(Array.from({ length: 30 }, () => () => allocateMachine(owner, allocation(p))));
    expect(won(results)).toHaveLength(10);
    expect(lost(results)).toEqual(Array(20).fill("409 quota_exceeded"));
  });

  it("40 IP acquisitions race for a project with an IP quota of 15: exactly 15", async () => {
    const p = await makeProject(acmeId, `ip-quota-${n++}`);
    const net = await createNetwork(owner, { kind: "private", projectId: p.id, partitionId: PARTITION, name: "net", description: "", labels: {} });
    await updateProject(operator, p.id, { quotas: { ips: 15 } });
    const { result, opened } = await withConnections(database, 40, () => Promise.allSettled(Array.from({ length: 40 }, (_, i) =>
      acquireIp(owner, { networkId: net.id, projectId: p.id, family: i % 2 ? 6 : 4, kind: "ephemeral", name: "", description: "", tags: [] }))));
    expect(opened).toBe(40);
    const ok = result.flatMap((r) => (r.status === "fulfilled" ? [r.value.address] : []));
    expect(new Set(ok).size).toBe(15);
    expect(result.flatMap((r) => (r.status === "rejected" ? [toProblem(r.reason).code] : []))).toEqual(Array(25).fill("quota_exceeded"));
  });

  it("a reservation of 20 of 30 machines: its project and another race; the other gets exactly the 10 unreserved", async () => {
    await insertWaitingMachines(database.db, 30);
    const [reserved, other] = [await project(), await project()];
    const r = await createReservation(operator, { sizeId: "c1-large", projectId: reserved, partitionIds: [PARTITION], amount: 20, description: "" });
    try {
      const results = await race([
        ...Array.from({ length: 10 }, () => () => allocateMachine(owner, allocation(reserved))),
        ...Array.from({ length: 30 }, () => () => allocateMachine(owner, allocation(other))),
      ]);
      expect(won(results.slice(0, 10))).toHaveLength(10);
      expect(won(results.slice(10))).toHaveLength(10);
      expect(lost(results)).toEqual(Array(20).fill("409 no_machine_available"));
      // What is left is what the reservation still holds back: 20 reserved − 10 taken.
      expect((await allocationCounts(database.db)).allocatedMachines).toBe(20);
    } finally {
      await deleteReservation(operator, r.id);
    }
  });
});
