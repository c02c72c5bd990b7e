import fs from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import pg from "pg";
import { getEnv } from "@/lib/env";
import { errFields, log } from "@/lib/log";
import * as schema from "./schema";

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
/** Anything that can run a query: the database or an open transaction. */
export type Executor = Db | Tx;

/** Raw SQL access for pg-boss and health checks, the same on both engines. */
export type RawSql = {
  engine: "pglite" | "postgres";
  query<T = Record<string, unknown>>(text: string, values?: unknown[]): Promise<{ rows: T[]; rowCount: number }>;
  /** Several statements separated by semicolons, without parameters; one result per statement. */
  exec(text: string): Promise<{ rows: unknown[]; rowCount: number }[]>;
  close(): Promise<void>;
};

export type Database = { db: Db; raw: RawSql; pglite?: PGlite; pool?: pg.Pool };

export function openPglite(pglite: PGlite): Database {
  const db = drizzlePglite(pglite, { schema }) as unknown as Db;
  const raw: RawSql = {
    engine: "pglite",
    async query(text, values) {
      const r = await pglite.query(text, values as unknown[] | undefined);
      return { rows: r.rows as never[], rowCount: r.affectedRows ?? r.rows.length };
    },
    async exec(text) {
      const rs = await pglite.exec(text);
      return rs.map((r) => ({ rows: r.rows, rowCount: r.affectedRows ?? r.rows.length }));
    },
    close: () => pglite.close(),
  };
  return { db, raw, pglite };
}

export function openPostgres(url: string, max = 10, connectionTimeoutMillis = 5_000): Database {
  // connectionTimeoutMillis: a request that cannot get a connection in time fails (503) instead of queueing forever.
  const pool = new pg.Pool({ connectionString: url, max, connectionTimeoutMillis });
  // A connection that drops (server restart, failover, pg_terminate_backend) must never crash
  // the process. pg-pool listens for errors only on IDLE clients; a client checked out by a
  // transaction or pg-boss has none, and its 'error' event would be unhandled. So every client
  // gets a permanent listener; the query in flight still rejects, and the pool discards the
  // broken client when it is released.
  pool.on("connect", (client) => client.on("error", (err) => log("db").warn(errFields(err), "database connection lost")));
  pool.on("error", () => {}); // idle clients: logged by the listener above; the pool drops them
  const db = drizzlePg(pool, { schema }) as unknown as Db;
  const raw: RawSql = {
    engine: "postgres",
    async query(text, values) {
      const r = await pool.query(text, values as unknown[] | undefined);
      return { rows: r.rows, rowCount: r.rowCount ?? 0 };
    },
    async exec(text) {
      const r = (await pool.query(text)) as unknown as pg.QueryResult | pg.QueryResult[];
      const list = Array.isArray(r) ? r : [r];
      return list.map((x) => ({ rows: x.rows, rowCount: x.rowCount ?? 0 }));
    },
    close: () => pool.end(),
  };
  return { db, raw, pool };
}

async function openConfigured(): Promise<Database> {
  const env = getEnv();
  if (env.database.engine === "postgres") return openPostgres(env.database.url, env.pool.size, env.pool.timeoutMs);
  fs.mkdirSync(path.dirname(env.database.dir), { recursive: true });
  return openPglite(await PGlite.create(env.database.dir));
}

const g = globalThis as unknown as { __database?: Promise<Database> };

/**
 * The process-wide database. Kept on globalThis because Next.js loads instrumentation and
 * route handlers as separate module graphs in one process; both must share one client
 * (PGlite allows a single owner of its data directory).
 */
export function getDatabase(): Promise<Database> {
  g.__database ??= openConfigured();
  return g.__database;
}

export async function getDb(): Promise<Db> {
  return (await getDatabase()).db;
}

/** Tests and CLIs install their own database (a fresh PGlite or a test PostgreSQL database). */
export function setDatabase(database: Database): void {
  g.__database = Promise.resolve(database);
}

export async function closeDatabase(): Promise<void> {
  const current = g.__database;
  g.__database = undefined;
  if (current) await (await current).raw.close();
}
