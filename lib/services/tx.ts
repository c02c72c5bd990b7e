import { sql } from "drizzle-orm";
import { getDb, type Db, type Executor, type Tx } from "@/lib/db/client";
import { errFields, log } from "@/lib/log";

/**
 * Runs `fn` in the given transaction, or opens one. Services call this so that a use-case
 * and its audit entry commit together — or not at all. Notifications queued with
 * notifyAfterCommit are sent once the transaction has committed (and dropped when it rolls back).
 */
export async function inTx<T>(tx: Executor | undefined, fn: (tx: Tx) => Promise<T>): Promise<T> {
  if (tx && isTransaction(tx)) return fn(tx);
  const db = tx ?? (await getDb());
  const queued: Notification[] = [];
  const result = await db.transaction((t) => {
    opened.set(t, queued);
    return fn(t);
  });
  if (queued.length) await sendNotifications(db, queued);
  return result;
}

function isTransaction(e: Executor): e is Tx {
  // drizzle's transaction objects expose rollback(); the database object does not.
  return typeof (e as { rollback?: unknown }).rollback === "function";
}

type Notification = { channel: string; payload: string };
/** Transactions opened by inTx, with the notifications they queued. */
const opened = new WeakMap<Tx, Notification[]>();

/**
 * NOTIFY after commit instead of inside the transaction. PostgreSQL serialises every committing
 * transaction that has sent a NOTIFY on one database-wide lock, held through the commit's WAL
 * flush: with 64 clients allocating, commits queued on it ("Lock: object" waits) and capped
 * allocations per second at one fsync each. Sent after commit, the notifications of all
 * transactions committing meanwhile go out together in one statement (sendNotifications), and a
 * listener still only ever hears of committed changes. The cost: a process that dies between the
 * commit and the send loses the wake-up; waiters time out and re-read (agent long polls), streams
 * resync on their next event. Returns false when `tx` was not opened by inTx (a caller's own
 * transaction): then the caller NOTIFYs inside it, as before.
 */
export function notifyAfterCommit(tx: Executor, channel: string, payload: string): boolean {
  const queued = isTransaction(tx) ? opened.get(tx) : undefined;
  if (!queued) return false;
  // Like PostgreSQL, which folds a transaction's identical notifications into one.
  if (!queued.some((n) => n.channel === channel && n.payload === payload)) queued.push({ channel, payload });
  return true;
}

/** Payloads of one channel are joined with "," into NOTIFYs of at most this many bytes (PostgreSQL's limit is 8000). */
const MAX_PAYLOAD = 7000;
type Batch = { items: Notification[]; done: Promise<void>; resolve: () => void };
const batching = new WeakMap<Db, { next: Batch | null; sending: boolean }>();

/**
 * Sends the notifications, coalesced with those of other transactions that committed while the
 * previous send was in flight: one statement, one tiny transaction, for all of them. Resolves when
 * they are sent (or failed: logged — the changes themselves are committed either way).
 */
async function sendNotifications(db: Executor, items: Notification[]): Promise<void> {
  const key = db as Db;
  let state = batching.get(key);
  if (!state) batching.set(key, (state = { next: null, sending: false }));
  if (!state.next) {
    let resolve!: () => void;
    const done = new Promise<void>((r) => (resolve = r));
    state.next = { items: [], done, resolve };
  }
  const batch = state.next;
  batch.items.push(...items);
  if (!state.sending) void drain(db, state);
  return batch.done;
}

async function drain(db: Executor, state: { next: Batch | null; sending: boolean }): Promise<void> {
  state.sending = true;
  try {
    while (state.next) {
      const batch = state.next;
      state.next = null;
      try {
        const calls = joinPayloads(batch.items).map((n) => sql`pg_notify(${n.channel}, ${n.payload})`);
        await db.execute(sql`select ${sql.join(calls, sql`, `)}`);
      } catch (err) {
        log("db").warn(errFields(err), "notification after commit failed");
      }
      batch.resolve();
    }
  } finally {
    state.sending = false;
  }
}

/**
 * Payloads per channel, in order, joined with "," up to MAX_PAYLOAD bytes each. Repeats (from
 * different transactions) are kept: a listener may count them (the job queue wakes one worker per
 * transaction that queued a job, as it did with one NOTIFY each).
 */
export function joinPayloads(items: Notification[]): Notification[] {
  const byChannel = new Map<string, string[]>();
  for (const { channel, payload } of items) {
    let list = byChannel.get(channel);
    if (!list) byChannel.set(channel, (list = []));
    list.push(payload);
  }
  const out: Notification[] = [];
  for (const [channel, payloads] of byChannel) {
    let current = "";
    for (const p of payloads) {
      if (current && current.length + 1 + p.length > MAX_PAYLOAD) {
        out.push({ channel, payload: current });
        current = "";
      }
      current = current ? `${current},${p}` : p;
    }
    if (current) out.push({ channel, payload: current });
  }
  return out;
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
