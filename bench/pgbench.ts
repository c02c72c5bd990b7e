import { execFileSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import pg from "pg";

/**
 * PostgreSQL's own yardstick for the allocation benchmark: `pgbench -N` (TPC-B without the
 * updates of the two small tables, so no single-row hot spot) with as many clients as the
 * allocation run, against a scratch database on the same server, in the same run. The ratio of
 * allocations/s to its TPS says how much of what the server can do an allocation gets, on
 * whatever machine the benchmark runs. Null (and the reason) when pgbench is not installed.
 */
export function findPgbench(): string | null {
  try {
    return execFileSync("which", ["pgbench"], { encoding: "utf8" }).trim() || null;
  } catch {
    const root = "/usr/lib/postgresql";
    if (!existsSync(root)) return null;
    for (const v of readdirSync(root).sort().reverse()) if (existsSync(`${root}/${v}/bin/pgbench`)) return `${root}/${v}/bin/pgbench`;
    return null;
  }
}

export async function pgbenchTps(adminUrl: string, clients: number, seconds = 10): Promise<{ tps: number } | { skipped: string }> {
  const bin = findPgbench();
  if (!bin) return { skipped: "pgbench not installed (apt-get install postgresql-client / postgresql-contrib)" };
  const name = `pgbench_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  try {
    const u = new URL(adminUrl);
    const args = ["-h", u.hostname, "-p", u.port || "5432", "-U", decodeURIComponent(u.username || "postgres")];
    const env = { ...process.env, PGPASSWORD: decodeURIComponent(u.password) };
    execFileSync(bin, ["-i", "-q", "-s", "10", ...args, name], { env, stdio: "ignore" });
    const out = execFileSync(bin, ["-N", "-c", String(clients), "-j", "2", "-T", String(seconds), ...args, name], { env, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
    const tps = /tps = ([\d.]+)/.exec(out);
    if (!tps) return { skipped: `could not read pgbench output: ${out.slice(0, 200)}` };
    return { tps: Number(tps[1]) };
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
  }
}
