import { getDb, type Executor, type Tx } from "@/lib/db/client";
import { errFields, log } from "@/lib/log";

/**
 * Runs `fn` in the given transaction, or opens one. Services call this so that a use-case
 * and its audit entry commit together — or not at all.
 */
export async function inTx<T>(tx: Executor | undefined, fn: (tx: Tx) => Promise<T>): Promise<T> {
  if (tx && isTransaction(tx)) return fn(tx);
  const db = tx ?? (await getDb());
  return db.transaction(fn);
}

function isTransaction(e: Executor): e is Tx {
  // drizzle's transaction objects expose rollback(); the database object does not.
  return typeof (e as { rollback?: unknown }).rollback === "function";
}

/** Side effects (job enqueues, NOTIFY) that must happen only after the transaction commits. */
export type AfterCommit = Array<() => Promise<void> | void>;

export async function runAfterCommit(effects: AfterCommit): Promise<void> {
  for (const effect of effects) {
    try {
      await effect();
    } catch (err) {
      log("db").error(errFields(err), "after-commit effect failed");
    }
  }
}
