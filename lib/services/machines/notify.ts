import { EventEmitter } from "node:events";
import { sql } from "drizzle-orm";
import type { Executor } from "@/lib/db/client";
import { closeListeners, listenChannel } from "@/lib/db/listen";
import { changeLatch, type ChangeWait } from "../change-latch";
import { notifyAfterCommit } from "../tx";

/**
 * Machine change notifications over Postgres LISTEN/NOTIFY (PGlite supports it in-process).
 * NOTIFY is transactional: listeners hear of an allocation only once it has committed, so a
 * waiting agent never fetches install instructions that could still roll back.
 */
export const MACHINE_CHANNEL = "machine_changed";

/**
 * Call inside the transaction that changed the machine. In a transaction opened by inTx the
 * NOTIFY is sent after the commit, batched with other transactions' (tx.ts notifyAfterCommit:
 * an in-transaction NOTIFY serialises commits); otherwise inside the caller's transaction. A
 * payload may name several machines, separated by commas (machine ids never contain one).
 */
export async function notifyMachineChanged(tx: Executor, machineId: string): Promise<void> {
  if (notifyAfterCommit(tx, MACHINE_CHANNEL, machineId)) return;
  await tx.execute(sql`select pg_notify(${MACHINE_CHANNEL}, ${machineId})`);
}

/** The machine ids of one notification payload. */
export const machineIdsOf = (payload: string): string[] => payload.split(",").filter(Boolean);

type Hub = { emitter: EventEmitter; ready: Promise<void>; close: () => void };
/** The emitter event every notification is also emitted under, for subscribers to all machines. */
const ANY_MACHINE = Symbol("any machine");
/** Emitted when the listening connection is closed: long-lived subscribers must start over. */
const LOST = Symbol("listener lost");
/** Emitted when the listening connection came back after a loss: changes may have been missed. */
const RESYNC = Symbol("listener resync");
const g = globalThis as unknown as { __machineHub?: Hub };

/** Machine ids from the process's one LISTEN connection (lib/db/listen.ts), fanned out per machine. */
function hub(): Hub {
  if (g.__machineHub) return g.__machineHub;
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0); // one listener per waiting agent; thousands are normal
  let unlisten = () => {};
  const forget = () => {
    if (g.__machineHub === hubRef) g.__machineHub = undefined; // the next waiter listens again
  };
  const ready = listenChannel(MACHINE_CHANNEL, (payload) => {
    for (const machineId of machineIdsOf(payload)) {
      emitter.emit(machineId);
      emitter.emit(ANY_MACHINE, machineId);
    }
  }, {
    onLost: () => {
      forget();
      emitter.emit(LOST);
    },
    onResync: () => emitter.emit(RESYNC),
  }).then((u) => {
    unlisten = u;
  });
  const hubRef: Hub = { emitter, ready, close: () => unlisten() };
  ready.catch(forget); // a failed first connection must not stay cached
  g.__machineHub = hubRef;
  return hubRef;
}

/**
 * Resolves true when the machine changes, false after `timeoutMs`. Subscribe first, then check
 * the state, then await: a change between the check and the await is never missed.
 */
export async function subscribeMachine(machineId: string): Promise<{ changed: ChangeWait; close: () => void }> {
  const h = hub();
  await h.ready;
  const { fire: onChange, changed } = changeLatch();
  h.emitter.on(machineId, onChange);
  // After a reconnect a missed notification may have been for this machine: check again.
  h.emitter.on(RESYNC, onChange);
  return {
    changed,
    close: () => {
      h.emitter.off(machineId, onChange);
      h.emitter.off(RESYNC, onChange);
    },
  };
}

/** How many subscribers (waiting agents, streams' per-machine waits) listen for this machine now. */
export function machineSubscriberCount(machineId: string): number {
  return g.__machineHub?.emitter.listenerCount(machineId) ?? 0;
}

/**
 * Calls `listener` with the id of every machine that changes, on this process's one listening
 * connection (live updates fan these out to browsers); `onResync` when that connection came
 * back after a loss (changes in between were missed: re-read everything); `onLost` once if it is
 * closed, after which nothing more arrives. Returns the unsubscribe function.
 */
export async function subscribeAllMachines(listener: (machineId: string) => void, onLost: () => void, onResync: () => void = () => {}): Promise<() => void> {
  const h = hub();
  await h.ready;
  h.emitter.on(ANY_MACHINE, listener);
  h.emitter.once(LOST, onLost);
  h.emitter.on(RESYNC, onResync);
  return () => {
    h.emitter.off(ANY_MACHINE, listener);
    h.emitter.off(LOST, onLost);
    h.emitter.off(RESYNC, onResync);
  };
}

/** Stops listening (tests switching databases, shutdown). The next subscriber starts a new listener. */
export async function closeMachineNotifications(): Promise<void> {
  const h = g.__machineHub;
  g.__machineHub = undefined;
  if (!h) return;
  await h.ready.then(() => h.close(), () => {});
  h.emitter.emit(LOST);
  await closeListeners();
}
