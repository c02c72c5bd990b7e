import pg from "pg";

/**
 * Counts (and optionally records) the statements node-postgres sends, by wrapping
 * Client.prototype.query for as long as it is installed: pool.query and drizzle's transactions
 * both end there. Used by the statement-count regression tests and the allocation bench; a
 * PostgreSQL-only tool (PGlite runs in-process and is not a round trip per statement).
 */
export type StatementCounter = { count: number; texts: string[]; reset(): void; stop(): void };

export function countStatements(record = false): StatementCounter {
  const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = proto.query;
  const counter: StatementCounter = {
    count: 0,
    texts: [],
    reset() {
      counter.count = 0;
      counter.texts = [];
    },
    stop() {
      proto.query = original;
    },
  };
  proto.query = function (this: unknown, ...args: unknown[]) {
    counter.count++;
    if (record) {
      const q = args[0];
      counter.texts.push(typeof q === "string" ? q : String((q as { text?: string })?.text ?? "?"));
    }
    return original.apply(this, args);
  };
  return counter;
}
