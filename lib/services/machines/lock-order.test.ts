import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import pg from "pg";
import type { Database } from "@/lib/db/client";
import { machineAllocations } from "@/lib/db/schema";
import { toProblem } from "@/lib/http/problem";
import { createPartition } from "@/lib/services/catalog/partitions";
import { partitionInput } from "@/lib/services/catalog/test-support";
import { settledOrBlocked } from "@/lib/test/concurrency";
import { freshDatabase, requirePostgres } from "@/lib/test/databases";
import { operator } from "@/lib/test/fixtures";
import { postAgentEvent } from "./agent-events";
import { reportInstall } from "./agent-report";
import { allocateMachine } from "./allocation";
import { allocation, insertWaitingMachine, setupAcmeProject, setupCatalog } from "./allocation.fixtures";
import { freeMachine } from "./allocation-release";
import { recordPlannedReboots } from "./planned-reboot";

/**
 * Issue 17 B6: transactions that lock the same rows in opposite orders deadlock (PostgreSQL
 * aborts one with 40P01, the API answers 503). Each case forces the interleaving that used to
 * deadlock: a third session holds a row both need, each transaction runs up to the point where
 * it waits (seen in pg_stat_activity, not guessed with sleeps), then the row is let go. With one
 * lock order (lib/services/README.md) they queue up instead, and both finish.
 * PostgreSQL only: PGlite runs one transaction at a time, so it cannot deadlock.
 */
const postgres = requirePostgres("lock-order.test.ts");

describe.skipIf(!postgres)("lock order (PostgreSQL)", () => {
  let database: Database;
  let cleanup: () => Promise<void>;
  let holder: pg.Client;
  let owner: Awaited<ReturnType<typeof setupAcmeProject>>["owner"];
  let projectId: string;

  /** A third session that holds row locks (`select … for update`) until released. */
  const hold = async (query: string, values: unknown[]) => {
    await holder.query("begin");
    const { rowCount } = await holder.query(query, values);
    expect(rowCount).toBeGreaterThan(0);
    return () => holder.query("commit");
  };
  const outcome = (p: Promise<unknown>) => p.then(() => "ok", (err) => `${toProblem(err).status} ${toProblem(err).code}`);

  beforeAll(async () => {
    ({ database, cleanup } = await freshDatabase("postgres"));
    await setupCatalog();
    ({ projectId, owner } = await setupAcmeProject());
    holder = new pg.Client({ connectionString: (database.pool!.options as { connectionString: string }).connectionString });
    await holder.connect();
  });
  afterAll(async () => {
    await holder?.end();
    await cleanup?.();
  });

  it("an install report and a free of the same machine: the free wins, the report is refused as stale — no deadlock", async () => {
    const id = await insertWaitingMachine(database.db);
    await allocateMachine(owner, allocation(projectId, { machineId: id }));
    const [{ generation }] = await database.db.select({ generation: machineAllocations.generation }).from(machineAllocations).where(eq(machineAllocations.machineId, id));
    // The free locks the machine, then waits for the machine's IPs, which the holder has.
    const release = await hold("select 1 from ips where machine_id = $1 for update", [id]);
    const free = outcome(freeMachine(owner, id));
    expect(await settledOrBlocked(database, free, 1)).toBe("blocked");
    // The report arrives meanwhile (it used to lock the allocation, then wait for the machine).
    const report = outcome(reportInstall({ partitionId: "fra1", machineId: id }, id, {
      success: true, generation, message: "",
      bootInfo: { primaryDisk: "/dev/sda", osPartition: "/dev/sda2", kernel: "/boot/vmlinuz", initrd: "/boot/initrd", cmdline: "", bootloaderId: "ubuntu" },
    }));
    expect(await settledOrBlocked(database, report, 2)).toBe("blocked");
    await release();
    expect({ free: await free, report: await report }).toEqual({ free: "ok", report: "409 stale_allocation" });
  });

  it("the lab's planned-reboot recording and an agent event of the same machine — no deadlock", async () => {
    await createPartition(operator, partitionInput("lab2"));
    const id = await insertWaitingMachine(database.db, { partitionId: "lab2" });
    // Both need the machine's provisioning row, which the holder has.
    const release = await hold("select 1 from machine_provisioning where machine_id = $1 for update", [id]);
    const planned = outcome(recordPlannedReboots("lab2", "lab restart"));
    expect(await settledOrBlocked(database, planned, 1)).toBe("blocked");
    const event = outcome(postAgentEvent({ partitionId: "lab2", machineId: id }, id, { event: "PXE Booting" }));
    expect(await settledOrBlocked(database, event, 2)).toBe("blocked");
    await release();
    expect({ planned: await planned, event: await event }).toEqual({ planned: "ok", event: "ok" });
  });
});
