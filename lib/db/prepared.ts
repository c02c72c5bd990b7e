import { getTableColumns, getTableName, type SQL, sql, type Table } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import type { Executor } from "./client";

/**
 * Hot-path statements whose text never changes, built ONCE from drizzle `sql` with
 * `sql.placeholder(...)` for the values, and run as named prepared statements: on PostgreSQL,
 * node-postgres parses a name once per connection and afterwards sends only Bind/Execute, so
 * PostgreSQL neither parses nor (once it settles on a generic plan) plans the statement again,
 * and Node does not rebuild the SQL text from drizzle's chunks on every call (issue 14: query
 * building and parsing were a large part of an allocation's CPU on both sides). PGlite runs
 * the same text with the values (it has no per-connection statement cache to use).
 *
 * Drizzle's own `.prepare()` binds a query to one session; a transaction is a new session on
 * every call, so the query text is kept here and handed to the transaction's session instead.
 * Statements select named columns, never `*`: a prepared statement whose result columns
 * changed under it (a migration adding a column) fails until its connection is closed.
 */
export type Prepared = { name: string; sql: string; params: unknown[] };

const dialect = new PgDialect();
const names = new Map<string, string>();

export function prepare(name: string, query: SQL): Prepared {
  const q = dialect.sqlToQuery(query);
  // One text per name: node-postgres refuses a known name with another text on a connection.
  const known = names.get(name);
  if (known !== undefined && known !== q.sql) throw new Error(`prepared statement ${name} defined twice with different text`);
  names.set(name, q.sql);
  return { name, sql: q.sql, params: q.params };
}

/** Runs a prepared statement in `ex` (the database or a transaction) with the placeholders' values; returns its rows as the driver gives them. */
export async function runPrepared<T>(ex: Executor, st: Prepared, values: Record<string, unknown>): Promise<T[]> {
  const query = ex._.session.prepareQuery({ sql: st.sql, params: st.params }, undefined, st.name, false);
  const result = (await query.execute(values)) as unknown as { rows: T[] };
  return result.rows;
}

/** `alias.col, …` for every column of `table`, as raw SQL text (for a prepared statement's select list). */
export function columnsOf(table: Table, alias: string): SQL {
  return sql.raw(Object.values(getTableColumns(table)).map((c) => `${alias}."${c.name}"`).join(", "));
}

/**
 * A row of `table` as drizzle's own select would return it (property names, Dates, numbers),
 * from a raw row or a JSON object keyed by the database's column names.
 */
export function fromDriverRow<T extends Table>(table: T, raw: Record<string, unknown>): T["$inferSelect"] {
  const out: Record<string, unknown> = {};
  for (const [key, col] of Object.entries(getTableColumns(table))) {
    const v = raw[col.name];
    out[key] = v === null || v === undefined ? null : col.mapFromDriverValue(v);
  }
  return out as T["$inferSelect"];
}

/**
 * For prepared writes whose rows vary in number or content: `insert into <table> (<columns>)
 * select <columns> from jsonb_populate_recordset(null::<table>, <param>::jsonb)`, the rows passed
 * as ONE jsonb parameter (toJsonRows) — so the statement's text is fixed. `keys`: the table's
 * properties the rows give; every other column takes its default.
 */
export function insertFromJson(table: Table, keys: string[], param: string): SQL {
  const columns = getTableColumns(table);
  const names = keys.map((k) => `"${columns[k].name}"`).join(", ");
  const t = sql.identifier(getTableName(table));
  return sql`insert into ${t} (${sql.raw(names)}) select ${sql.raw(names)} from jsonb_populate_recordset(null::${t}, ${sql.placeholder(param)}::jsonb)`;
}

/** Rows for insertFromJson: each row's `keys` under its column names; Dates as ISO text, JSON columns as they are. */
export function toJsonRows(table: Table, keys: string[], rows: Record<string, unknown>[]): string {
  const columns = getTableColumns(table);
  return JSON.stringify(rows.map((r) => {
    const out: Record<string, unknown> = {};
    for (const k of keys) {
      const v = r[k];
      out[columns[k].name] = v instanceof Date ? v.toISOString() : v === undefined ? null : v;
    }
    return out;
  }));
}
