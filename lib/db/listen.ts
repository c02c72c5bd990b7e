import { EventEmitter } from "node:events";
import pg from "pg";
import { getDatabase } from "./client";

/**
 * Postgres LISTEN/NOTIFY for the whole process: one listening connection (PGlite: its in-process
 * listen) shared by every channel, fanned out to in-process subscribers. NOTIFY is transactional,
 * so subscribers hear of a change only once it has committed. If the connection fails (or is
 * closed), every subscriber's `onLost` runs once and the next subscriber opens a new one.
 */
type Hub = { emitter: EventEmitter; channels: Map<string, Promise<void>>; listen: (channel: string) => Promise<void>; close: () => Promise<void> };
const LOST = Symbol("listener lost");
const g = globalThis as unknown as { __listenHub?: Promise<Hub> };

async function openHub(): Promise<Hub> {
  const database = await getDatabase();
  const self = g.__listenHub; // set by hub() before this first await returned
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0); // one listener per waiting agent or stream; thousands are normal
  const channels = new Map<string, Promise<void>>();
  if (database.pglite) {
    const unlisten: (() => Promise<void>)[] = [];
    return {
      emitter, channels,
      listen: async (channel) => {
        unlisten.push(await database.pglite!.listen(channel, (payload) => emitter.emit(channel, payload)));
      },
      close: async () => {
        await Promise.all(unlisten.map((u) => u().catch(() => {})));
      },
    };
  }
  const client = new pg.Client({ connectionString: (database.pool!.options as { connectionString: string }).connectionString });
  client.on("notification", (n) => emitter.emit(n.channel, n.payload ?? ""));
  client.on("error", (err) => {
    console.error("LISTEN connection failed:", err.message);
    if (self && g.__listenHub === self) g.__listenHub = undefined; // the next subscriber reconnects
    emitter.emit(LOST);
  });
  await client.connect();
  return {
    emitter, channels,
    listen: async (channel) => {
      await client.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
    },
    close: () => client.end().catch(() => {}),
  };
}

function hub(): Promise<Hub> {
  if (!g.__listenHub) {
    const opened = openHub();
    g.__listenHub = opened;
    opened.catch(() => {
      if (g.__listenHub === opened) g.__listenHub = undefined; // a failed first connection must not stay cached
    });
  }
  return g.__listenHub;
}

/**
 * Calls `onPayload` for every NOTIFY on `channel` from now on, and `onLost` once if the listening
 * connection goes away (nothing more arrives then). Resolves once listening; returns the unsubscribe.
 */
export async function listenChannel(channel: string, onPayload: (payload: string) => void, onLost: () => void = () => {}): Promise<() => void> {
  const h = await hub();
  if (!h.channels.has(channel)) {
    const listening = h.listen(channel);
    h.channels.set(channel, listening);
    listening.catch(() => h.channels.delete(channel));
  }
  h.emitter.on(channel, onPayload);
  h.emitter.once(LOST, onLost);
  const unsubscribe = () => {
    h.emitter.off(channel, onPayload);
    h.emitter.off(LOST, onLost);
  };
  try {
    await h.channels.get(channel);
  } catch (err) {
    unsubscribe();
    throw err;
  }
  return unsubscribe;
}

/** Stops listening (tests switching databases, shutdown); subscribers hear `onLost`; the next one opens a new hub. */
export async function closeListeners(): Promise<void> {
  const h = g.__listenHub;
  g.__listenHub = undefined;
  if (!h) return;
  const hubObject = await h.catch(() => null);
  if (!hubObject) return;
  await hubObject.close();
  hubObject.emitter.emit(LOST);
}
