/**
 * `npm run bench:lists`: the machine list API at fleet scale (issue 15 item 2). 10,000 machines
 * in one partition, 2,000 of them allocated to one project; each timed call is the list service
 * the API route runs (visibility, filters, keyset sort, DTOs), a page of 50; `page=N` rows are
 * numbered pages (offset and a total count under the same filters).
 * Target: p95 < 100 ms for a page of 50 with a sort and a filter.
 * PostgreSQL runs when TEST_DATABASE_URL is set (a fresh database is created and dropped).
 */
import { sql } from "drizzle-orm";
import { getEnv } from "@/lib/env";
import { listMachines } from "@/lib/services/machines/machines";
import { IMAGE, LAYOUT, PARTITION, setupCatalog, SIZE } from "@/lib/services/machines/allocation.fixtures";
import { freshDatabase, type Engine } from "@/lib/test/databases";
import { makeProject, makeTenant, makeUser, operator } from "@/lib/test/fixtures";
import type { ListMachinesQuery } from "@/lib/contracts/machines";
import { percentile, sample } from "./stats";

const MACHINES = 10_000;
const ALLOCATED = 2_000;
type Row = { engine: string; caller: string; query: string; p50: string; p95: string; items: number };
const rows: Row[] = [];

async function run(engine: Engine) {
  const { database, cleanup } = await freshDatabase(engine);
  try {
    const db = database.db;
    await setupCatalog();
    const project = await makeProject((await makeTenant("acme")).id, "web");
    const owner = await makeUser("owner@acme", ["acme-owners"]);
    const states = ["Waiting", "Phoned Home", "Installing", "PXE Booting", "Crashed"];
    await db.execute(sql`insert into machines (id, partition_id, size_id, rack, hardware, liveliness, provisioning_state, project_id)
      select 'm-' || lpad(g::text, 6, '0'), ${PARTITION}, ${SIZE}, 'rack-' || (g % 40), '{}'::jsonb,
        case when g % 50 = 0 then 'Dead' else 'Alive' end,
        (array[${sql.join(states.map((s) => sql`${s}`), sql`, `)}])[1 + g % 5],
        case when g <= ${ALLOCATED} then ${project.id} end
      from generate_series(1, ${MACHINES}) g`);
    await db.execute(sql`insert into machine_provisioning (machine_id, container) select id, '{}'::jsonb from machines`);
    await db.execute(sql`insert into machine_allocations (machine_id, project_id, hostname, image_id, filesystem_layout_id, asn, networks)
      select id, project_id, 'web-' || substr(md5(id), 1, 8), ${IMAGE}, ${LAYOUT}, 4210000000 + row_number() over (), '[]'::jsonb
      from machines where project_id is not null`);
    await db.execute(sql`analyze`);
    const cases: [string, typeof operator, Partial<ListMachinesQuery>][] = [
      ["operator", operator, { sort: "hostname", partitionId: PARTITION }],
      ["operator", operator, { sort: "rack", order: "desc", state: "Waiting" }],
      ["operator", operator, { sort: "state", issue: "dead" }],
      ["operator", operator, { q: "m-00123" }],
      ["tenant owner", owner, { sort: "hostname", projectId: project.id }],
      ["tenant owner", owner, { sort: "state", order: "desc", state: "Phoned Home" }],
      // Numbered pages (offset + total count): the pager's page 2, one deep in the fleet, and a tenant's.
      ["operator", operator, { sort: "hostname", partitionId: PARTITION, page: 2 }],
      ["operator", operator, { sort: "rack", order: "desc", state: "Waiting", page: 40 }],
      ["operator", operator, { partitionId: PARTITION, page: 200 }],
      ["tenant owner", owner, { sort: "hostname", projectId: project.id, page: 20 }],
    ];
    for (const [caller, actor, q] of cases) {
      let items = 0;
      const t = await sample(60, async () => { items = (await listMachines(actor, { limit: 50, ...q })).items.length; }, 5);
      // The second page too: keyset cursors must not get slower further in.
      rows.push({ engine, caller, query: new URLSearchParams(q as Record<string, string>).toString().replace(project.id, "<project>"), p50: percentile(t, 50).toFixed(1), p95: percentile(t, 95).toFixed(1), items });
    }
    const first = await listMachines(operator, { limit: 50, sort: "hostname" });
    const t = await sample(60, () => listMachines(operator, { limit: 50, sort: "hostname", cursor: first.nextCursor! }), 5);
    rows.push({ engine, caller: "operator", query: "sort=hostname (page 2, by cursor)", p50: percentile(t, 50).toFixed(1), p95: percentile(t, 95).toFixed(1), items: 50 });
  } finally {
    await cleanup();
  }
}

async function main() {
  const engines: Engine[] = getEnv().testDatabaseUrl ? ["pglite", "postgres"] : ["pglite"];
  for (const e of engines) await run(e);
  console.log(`\nGET /api/v1/machines service, ${MACHINES.toLocaleString("en")} machines (${ALLOCATED.toLocaleString("en")} allocated), page of 50, ms:`);
  console.table(rows);
  const worst = Math.max(...rows.map((r) => Number(r.p95)));
  console.log(`worst p95 ${worst} ms (target < 100 ms: ${worst < 100 ? "met" : "MISSED"})`);
}

main().then(() => process.exit(0), (err) => {
  console.error(err);
  process.exit(1);
});
