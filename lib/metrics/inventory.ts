import client from "prom-client";
import { getDatabase } from "@/lib/db/client";
import { listenerUp } from "@/lib/db/listen";
import { capacityFrom } from "@/lib/services/catalog/capacity";
import { getEnv } from "@/lib/env";
import { errFields, log } from "@/lib/log";
import { metrics } from "./registry";

/**
 * Gauges read from the database at scrape time, named after metal-stack's exporter where they
 * fit (FABRIC.md §7). Each family is ONE query, and its rows are cached for METRICS_CACHE_SECONDS
 * (default 15 s, a typical scrape interval), so several scrapers or replicas cannot turn metrics
 * into load. A family whose query fails (database down) is left out of the scrape and
 * `metal_metrics_collector_up{collector}` says so; the scrape itself still answers.
 */
type Row = Record<string, unknown>;
type Collector = { name: string; sql: string; apply: (rows: Row[]) => void; gauges: client.Gauge<string>[] };

const cache = new Map<string, { at: number; rows: Row[] }>();

async function rowsOf(c: Collector): Promise<Row[]> {
  const hit = cache.get(c.name);
  const ttl = getEnv().metrics.cacheSeconds * 1000;
  if (hit && Date.now() - hit.at < ttl) return hit.rows;
  const database = await getDatabase();
  const { rows } = await database.raw.query<Row>(c.sql);
  cache.set(c.name, { at: Date.now(), rows });
  return rows;
}

/** For tests: the next scrape reads the database again. */
export function clearInventoryCache(): void {
  cache.clear();
}

const num = (v: unknown) => (v === null || v === undefined ? 0 : Number(v));
const str = (v: unknown) => (v === null || v === undefined ? "" : String(v));

function gauge(registry: client.Registry, name: string, help: string, labelNames: string[]): client.Gauge<string> {
  return new client.Gauge({ name, help, labelNames, registers: [registry] });
}

const g = globalThis as unknown as { __inventoryMetrics?: () => Promise<void> };

/** Registers the database-derived gauges on the process registry (once). */
function registerInventoryMetrics(): () => Promise<void> {
  const { registry } = metrics();
  const up = gauge(registry, "metal_metrics_collector_up", "1 when the collector's query answered at the last scrape", ["collector"]);
  const capacityNames = ["total", "allocated", "free", "waiting", "faulty", "unavailable", "other", "reservations_total"] as const;
  const capacity = Object.fromEntries(capacityNames.map((n) => [n, gauge(registry, `metal_partition_capacity_${n}`, `Machines of a size in a partition: ${n} (lib/services/catalog/capacity.ts buckets)`, ["partition", "size"])])) as Record<(typeof capacityNames)[number], client.Gauge<string>>;
  const machinesGauge = gauge(registry, "metal_machines", "Machines by partition, provisioning state, liveliness and condition", ["partition", "state", "liveliness", "condition"]);
  const issues = gauge(registry, "metal_machine_issues", "Machines with an issue, by partition and issue", ["partition", "issue"]);
  const ipUsed = gauge(registry, "metal_network_ip_used", "IP addresses in use, by network and address family", ["network", "family"]);
  const ipAvailable = gauge(registry, "metal_network_ip_available", "IP addresses still free, by network and address family", ["network", "family"]);
  const jobs = gauge(registry, "metal_job_queue_jobs", "Jobs in the queue by name and state (pg-boss)", ["name", "state"]);
  const bmc = gauge(registry, "metal_bmc_commands", "BMC commands by command and status (queued, running, succeeded, failed)", ["command", "status"]);

  const collectors: Collector[] = [
    {
      // Capacity: the same buckets as the partition capacity API, for all partitions in one
      // grouped query; reservations come along as a JSON aggregate in the same statement.
      name: "capacity",
      gauges: Object.values(capacity),
      sql: `select m.partition_id, m.size_id, m.project_id, count(*)::int as total,
          count(*) filter (where m.project_id is null and (m.condition <> 'AVAILABLE' or m.liveliness <> 'Alive'))::int as unavailable,
          count(*) filter (where m.project_id is null and m.condition = 'AVAILABLE' and m.liveliness = 'Alive' and (m.crash_loop or m.failed_reclaim))::int as faulty,
          count(*) filter (where m.project_id is null and m.condition = 'AVAILABLE' and m.liveliness = 'Alive' and not (m.crash_loop or m.failed_reclaim) and m.provisioning_state = 'Waiting')::int as waiting,
          (select coalesce(json_agg(json_build_object('sizeId', r.size_id, 'projectId', r.project_id, 'amount', r.amount, 'partitionIds', r.partition_ids)), '[]') from size_reservations r) as reservations
        from machines m where m.size_id is not null group by m.partition_id, m.size_id, m.project_id`,
      apply: (rows) => {
        const reservations = (rows[0]?.reservations ?? []) as { sizeId: string; projectId: string; amount: number; partitionIds: string[] }[];
        const byPartition = new Map<string, Row[]>();
        for (const r of rows) byPartition.set(str(r.partition_id), [...(byPartition.get(str(r.partition_id)) ?? []), r]);
        for (const [partition, groups] of byPartition) {
          const sizes = capacityFrom(
            groups.map((r) => ({ sizeId: str(r.size_id), projectId: r.project_id === null ? null : str(r.project_id), total: num(r.total), unavailable: num(r.unavailable), faulty: num(r.faulty), waiting: num(r.waiting) })),
            reservations.filter((r) => r.partitionIds.includes(partition)),
          );
          for (const s of sizes) {
            const labels = { partition, size: s.sizeId };
            for (const n of ["total", "allocated", "free", "waiting", "faulty", "unavailable", "other"] as const) capacity[n].set(labels, s[n]);
            capacity.reservations_total.set(labels, s.reserved);
          }
        }
      },
    },
    {
      name: "machines",
      gauges: [machinesGauge, issues],
      sql: `select partition_id, provisioning_state, liveliness, condition, count(*)::int as n,
          count(*) filter (where crash_loop)::int as crash_loop, count(*) filter (where failed_reclaim)::int as failed_reclaim,
          count(*) filter (where liveliness = 'Dead')::int as dead
        from machines group by partition_id, provisioning_state, liveliness, condition`,
      apply: (rows) => {
        const issueCount = new Map<string, number>();
        for (const r of rows) {
          machinesGauge.set({ partition: str(r.partition_id), state: str(r.provisioning_state), liveliness: str(r.liveliness), condition: str(r.condition) }, num(r.n));
          for (const issue of ["crash_loop", "failed_reclaim", "dead"]) {
            const key = `${str(r.partition_id)}\u0000${issue}`;
            issueCount.set(key, (issueCount.get(key) ?? 0) + num(r[issue]));
          }
        }
        for (const [key, n] of issueCount) {
          const [partition, issue] = key.split("\u0000");
          issues.set({ partition, issue }, n);
        }
      },
    },
    {
      // Used: addresses taken in the network's prefixes; available: what the gap index still
      // holds in prefixes that hand out addresses (a super network's child-prefix space is not IPs).
      name: "networks",
      gauges: [ipUsed, ipAvailable],
      sql: `select np.network_id, np.family,
          coalesce(sum((select count(*) from ipam_ips i where i.prefix_id = np.ipam_prefix_id)), 0)::float8 as used,
          coalesce(sum((select sum(f."end" - f.start + 1) from ipam_free_ranges f join ipam_prefixes p on p.id = f.prefix_id
            where f.prefix_id = np.ipam_prefix_id and p.mode <> 'children')), 0)::float8 as available
        from network_prefixes np group by np.network_id, np.family`,
      apply: (rows) => {
        for (const r of rows) {
          const labels = { network: str(r.network_id), family: `ipv${num(r.family)}` };
          ipUsed.set(labels, num(r.used));
          ipAvailable.set(labels, num(r.available));
        }
      },
    },
    {
      name: "jobs",
      gauges: [jobs],
      sql: `select name, state::text as state, count(*)::int as n from pgboss.job group by name, state`,
      apply: (rows) => rows.forEach((r) => jobs.set({ name: str(r.name), state: str(r.state) }, num(r.n))),
    },
    {
      name: "bmc_commands",
      gauges: [bmc],
      sql: `select command, status, count(*)::int as n from bmc_commands group by command, status`,
      apply: (rows) => rows.forEach((r) => bmc.set({ command: str(r.command), status: str(r.status) }, num(r.n))),
    },
  ];

  // Run before the registry renders (prom-client collects every metric concurrently, so a
  // collect hook of one gauge cannot fill the others in time).
  const refresh = () => Promise.all(collectors.map(async (c) => {
    try {
      const rows = await rowsOf(c);
      c.gauges.forEach((x) => x.reset());
      c.apply(rows);
      up.set({ collector: c.name }, 1);
    } catch (err) {
      c.gauges.forEach((x) => x.reset());
      up.set({ collector: c.name }, 0);
      log("metrics").warn({ collector: c.name, ...errFields(err) }, "metrics collector failed");
    }
  })).then(() => {});

  new client.Gauge({
    name: "metal_listen_connection_up", help: "1 when this process's LISTEN/NOTIFY connection is up", registers: [registry],
    async collect() {
      this.set((await listenerUp()) ? 1 : 0);
    },
  });

  new client.Gauge({
    name: "metal_db_pool_connections", help: "This process's PostgreSQL pool: total, idle and waiting clients", labelNames: ["state"], registers: [registry],
    async collect() {
      const pool = (await getDatabase()).pool;
      if (!pool) return;
      this.set({ state: "total" }, pool.totalCount);
      this.set({ state: "idle" }, pool.idleCount);
      this.set({ state: "waiting" }, pool.waitingCount);
    },
  });
  return refresh;
}

/** The scrape: text exposition format of every metric of this process. */
export async function scrape(): Promise<{ contentType: string; body: string }> {
  g.__inventoryMetrics ??= registerInventoryMetrics();
  await g.__inventoryMetrics();
  const { registry } = metrics();
  return { contentType: registry.contentType, body: await registry.metrics() };
}
