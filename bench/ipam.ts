/**
 * `npm run bench:ipam`: IPAM latency and throughput on PGlite and PostgreSQL.
 *   - next free IP in a /16 with 60,000 addresses in use (target p50 < 5 ms)
 *   - a /24 child from a /8 with 10,000 children in use (target p50 < 10 ms)
 *   - 32 concurrent clients acquiring IPs on PostgreSQL vs plain single-row INSERT transactions
 * PostgreSQL runs when TEST_DATABASE_URL is set (a fresh database is created and dropped).
 * Each timed operation is one whole transaction, as the API runs it.
 */
import { sql } from "drizzle-orm";
import type { Database } from "@/lib/db/client";
import { getEnv } from "@/lib/env";
import { chunkRange } from "@/lib/domain/ipam/ranges";
import { parsePrefix } from "@/lib/domain/ipam";
import { acquireChildPrefix, acquireNextIp, createPrefix, getPrefix } from "@/lib/services/ipam/engine";
import { partitions } from "@/lib/db/schema";
import { acquireIp } from "@/lib/services/networks/ips";
import { createNetwork } from "@/lib/services/networks/networks";
import { freshDatabase, type Engine } from "@/lib/test/databases";
import { makeProject, makeTenant, makeUser, operator } from "@/lib/test/fixtures";
import { percentile, sample } from "./stats";

type Row = { engine: string; operation: string; n: number; p50: string; p99: string; note: string };
const rows: Row[] = [];
const ms = (v: number) => v.toFixed(2);

async function timeOps(n: number, op: () => Promise<unknown>): Promise<{ p50: number; p99: number }> {
  const t = await sample(n, op, 5);
  return { p50: percentile(t, 50), p99: percentile(t, 99) };
}

/** A /16 in "ips" mode with 60,000 addresses in use and 300 released ones scattered below them. */
async function seedIps(db: Database["db"]) {
  const p = await db.transaction((t) => createPrefix(t, "bench", "10.0.0.0/16"));
  await db.transaction(async (t) => acquireNextIp(t, (await getPrefix(t, p.id))!)); // switches to "ips" mode
  const base = parsePrefix("10.0.0.0/16").network;
  await db.execute(sql`delete from ipam_free_ranges where prefix_id = ${p.id}`);
  await db.execute(sql`insert into ipam_ips (prefix_id, address) select ${p.id}, ${base.toString()}::numeric + g from generate_series(2, 60000) g`);
  const released = Array.from({ length: 300 }, (_, i) => 1000n + BigInt(i) * 190n);
  for (const a of released) {
    await db.execute(sql`delete from ipam_ips where prefix_id = ${p.id} and address = ${(base + a).toString()}::numeric`);
    await db.execute(sql`insert into ipam_free_ranges (prefix_id, start, "end") values (${p.id}, ${(base + a).toString()}::numeric, ${(base + a).toString()}::numeric)`);
  }
  for (const r of chunkRange({ start: base + 60001n, end: base + 65534n }, 256n, 1024)) {
    await db.execute(sql`insert into ipam_free_ranges (prefix_id, start, "end") values (${p.id}, ${r.start.toString()}::numeric, ${r.end.toString()}::numeric)`);
  }
  await db.execute(sql`analyze`);
  return p.id;
}

/** A /8 split into 10,000 /24 children (with 50 holes of one /24). */
async function seedChildren(db: Database["db"]) {
  const p = await db.transaction((t) => createPrefix(t, "bench-super", "10.0.0.0/8"));
  await db.transaction(async (t) => acquireChildPrefix(t, (await getPrefix(t, p.id))!, { length: 24 }));
  await db.execute(sql`delete from ipam_prefixes where parent_id = ${p.id}`);
  await db.execute(sql`delete from ipam_free_ranges where prefix_id = ${p.id}`);
  await db.execute(sql`insert into ipam_prefixes (id, namespace, cidr, family, network, last_address, length, parent_id, mode)
    select 'c' || g, 'bench-super', '10.' || (g / 256) || '.' || (g % 256) || '.0/24', 4, 167772160::numeric + g * 256, 167772160::numeric + g * 256 + 255, 24, ${p.id}, 'new'
    from generate_series(0, 9999) g where g % 200 <> 7`);
  await db.execute(sql`insert into ipam_free_ranges (prefix_id, start, "end")
    select ${p.id}, 167772160::numeric + g * 256, 167772160::numeric + g * 256 + 255 from generate_series(0, 9999) g where g % 200 = 7`);
  await db.execute(sql`insert into ipam_free_ranges (prefix_id, start, "end") values (${p.id}, 167772160::numeric + 10000 * 256, 184549375)`);
  await db.execute(sql`analyze`);
  return p.id;
}

async function latency(engine: Engine) {
  const { database, cleanup } = await freshDatabase(engine);
  const db = database.db;
  try {
    const ipPrefix = await seedIps(db);
    const ip = await timeOps(200, () => db.transaction(async (t) => acquireNextIp(t, (await getPrefix(t, ipPrefix))!)));
    rows.push({ engine, operation: "next free IP, /16 with 60,000 used", n: 200, p50: ms(ip.p50), p99: ms(ip.p99), note: `target p50 < 5 ms: ${ip.p50 < 5 ? "met" : "MISSED"}` });
    // Baseline: what a naive "first gap" query over the used addresses costs on the same data.
    const naive = await timeOps(50, () => db.execute(sql`select a.address + 1 from ipam_ips a where a.prefix_id = ${ipPrefix}
      and not exists (select 1 from ipam_ips b where b.prefix_id = a.prefix_id and b.address = a.address + 1) order by a.address limit 1`));
    rows.push({ engine, operation: "baseline: naive first-gap query (read only)", n: 50, p50: ms(naive.p50), p99: ms(naive.p99), note: "what the gap index avoids" });
    const superId = await seedChildren(db);
    const child = await timeOps(200, () => db.transaction(async (t) => acquireChildPrefix(t, (await getPrefix(t, superId))!, { length: 24 })));
    rows.push({ engine, operation: "/24 child from a /8 with 10,000 children", n: 200, p50: ms(child.p50), p99: ms(child.p99), note: `target p50 < 10 ms: ${child.p50 < 10 ? "met" : "MISSED"}` });
  } finally {
    await cleanup();
  }
}

async function throughput() {
  const { database, cleanup } = await freshDatabase("postgres");
  const db = database.db;
  try {
    const p = await db.transaction((t) => createPrefix(t, "tp", "10.0.0.0/16"));
    await db.execute(sql`create table bench_insert (id bigserial primary key, v text not null)`);
    const run = async (label: string, total: number, op: () => Promise<unknown>) => {
      let next = 0;
      const start = performance.now();
      await Promise.all(Array.from({ length: 32 }, async () => {
        while (next++ < total) await op();
      }));
      const perSec = total / ((performance.now() - start) / 1000);
      return { label, perSec };
    };
    const plain = await run("plain single-row INSERT transactions", 6000, () => db.transaction(async (t) => t.execute(sql`insert into bench_insert (v) values ('x')`)));
    const ipam = await run("IP acquisitions", 6000, () => db.transaction(async (t) => acquireNextIp(t, (await getPrefix(t, p.id))!)));
    const service = await serviceThroughput(db, run);
    const ratio = plain.perSec / ipam.perSec;
    console.log(`\nThroughput on PostgreSQL, 32 clients (pool of 20 connections):`);
    console.log(`  ${plain.label.padEnd(40)} ${plain.perSec.toFixed(0).padStart(7)} tx/s`);
    console.log(`  ${ipam.label.padEnd(40)} ${ipam.perSec.toFixed(0).padStart(7)} tx/s`);
    console.log(`  ${service.label.padEnd(40)} ${service.perSec.toFixed(0).padStart(7)} tx/s`);
    console.log(`  ratio plain/IPAM engine: ${ratio.toFixed(2)} (target ≤ 5: ${ratio <= 5 ? "met" : "MISSED"})`);
    console.log(`  ratio plain/IP service (network lookup, quota check, ips row, audit row): ${(plain.perSec / service.perSec).toFixed(2)}`);
    const [dups] = (await db.execute(sql`select count(*) - count(distinct address) as d from ipam_ips where prefix_id = ${p.id}`) as unknown as { rows: { d: string }[] }).rows;
    console.log(`  duplicate addresses handed out: ${dups.d}`);
  } finally {
    await cleanup();
  }
}

/** The same acquisitions through the API's service: authorisation, IP row and audit entry included. */
async function serviceThroughput(db: Database["db"], run: (label: string, total: number, op: () => Promise<unknown>) => Promise<{ label: string; perSec: number }>) {
  await db.insert(partitions).values({ id: "bench", bootConfig: { kernelUrl: "http://x/k", initrdUrl: "http://x/i", commandLine: "" } });
  const tenant = await makeTenant("bench");
  const project = await makeProject(tenant.id, "bench");
  const user = await makeUser("bench@bench", ["bench-editors"]);
  await createNetwork(operator, { kind: "super", name: "bench", partitionId: "bench", prefixes: ["172.16.0.0/12"], description: "", destinationPrefixes: [], defaultChildPrefixLength: { ipv4: 16 }, minChildPrefixLength: {}, nat: "none", allowedProjectIds: null, labels: {} });
  const net = await createNetwork(user, { kind: "private", projectId: project.id, partitionId: "bench", name: "bench", description: "", labels: {} });
  return run("IP acquisitions through the service", 6000, () => acquireIp(user, { networkId: net.id, projectId: project.id, kind: "ephemeral", name: "", description: "", tags: [] }));
}

async function main() {
  const engines: Engine[] = getEnv().testDatabaseUrl ? ["pglite", "postgres"] : ["pglite"];
  for (const e of engines) await latency(e);
  console.log("\nIPAM latency (each operation is one transaction):");
  console.table(rows);
  if (getEnv().testDatabaseUrl) await throughput();
  else console.log("\nSet TEST_DATABASE_URL=postgres://… to include PostgreSQL and the 32-client throughput run.");
}

main().then(() => process.exit(0), (err) => {
  console.error(err);
  process.exit(1);
});
