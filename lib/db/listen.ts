import { EventEmitter } from "node:events";
import pg from "pg";
import { errFields, log as logFor } from "@/lib/log";
import { getDatabase } from "./client";

/**
 * Postgres LISTEN/NOTIFY for the whole process: one listening connection (PGlite: its in-process
 * listen) shared by every channel, fanned out to in-process subscribers. NOTIFY is transactional,
 * so subscribers hear of a change only once it has committed.
 *
 * The connection survives database restarts: when it drops, the hub reconnects with backoff,
 * LISTENs on every channel again and then tells every subscriber to RESYNC (notifications sent
 * while nobody listened are lost, so whoever relies on them must re-read). Subscribers hear
 * `onLost` only when the hub is closed on purpose (closeListeners: shutdown, tests).
 */
type Hub = {
  emitter: EventEmitter;
  /** Resolves once `channel` is listened on (at once while reconnecting: the reconnect LISTENs it). */
  listen: (channel: string) => Promise<void>;
  close: () => Promise<void>;
  /** Whether the listening connection is up now (metrics, readiness). */
  up: () => boolean;
};
const LOST = Symbol("listener lost");
const RESYNC = Symbol("listener resync");
const g = globalThis as unknown as { __listenHub?: Promise<Hub> };

const log = () => logFor("listen");
const RECONNECT_MIN_MS = 100;
const RECONNECT_MAX_MS = 5_000;

async function openHub(): Promise<Hub> {
  const database = await getDatabase();
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0); // one listener per waiting agent or stream; thousands are normal
  if (database.pglite) {
    const unlisten: (() => Promise<void>)[] = [];
    const channels = new Map<string, Promise<void>>();
    return {
      emitter,
      listen: (channel) => {
        if (!channels.has(channel)) {
          const p = database.pglite!.listen(channel, (payload) => emitter.emit(channel, payload)).then((u) => void unlisten.push(u));
          channels.set(channel, p);
          p.catch(() => channels.delete(channel));
        }
        return channels.get(channel)!;
      },
      close: async () => {
        await Promise.all(unlisten.map((u) => u().catch(() => {})));
      },
      up: () => true,
    };
  }
  const connectionString = (database.pool!.options as { connectionString: string }).connectionString;
  const channels = new Set<string>();
  let client: pg.Client | null = null;
  let closed = false;
  let delay = RECONNECT_MIN_MS;
  let timer: ReturnType<typeof setTimeout> | null = null;

  const connect = async (): Promise<pg.Client> => {
    const c = new pg.Client({ connectionString, connectionTimeoutMillis: 5_000 });
    c.on("notification", (n) => emitter.emit(n.channel, n.payload ?? ""));
    let gone = false;
    const onGone = (err?: Error) => {
      if (gone) return;
      gone = true;
      if (client === c) client = null;
      if (closed) return;
      log().warn(err ? errFields(err) : {}, "LISTEN connection lost; reconnecting");
      scheduleReconnect();
    };
    c.on("error", onGone);
    c.on("end", () => onGone());
    try {
      await c.connect();
      if (channels.size > 0) await c.query([...channels].map((ch) => `LISTEN ${pg.escapeIdentifier(ch)}`).join(";"));
    } catch (err) {
      gone = true; // the caller decides what a failed attempt means
      c.end().catch(() => {});
      throw err;
    }
    return c;
  };
  const scheduleReconnect = () => {
    if (closed || timer) return;
    timer = setTimeout(async () => {
      timer = null;
      try {
        const c = await connect();
        if (closed) return void c.end().catch(() => {});
        client = c;
        delay = RECONNECT_MIN_MS;
        log().info({ channels: channels.size }, "LISTEN connection restored; subscribers resync");
        emitter.emit(RESYNC);
      } catch (err) {
        delay = Math.min(delay * 2, RECONNECT_MAX_MS);
        log().debug({ ...errFields(err), retryInMs: delay }, "LISTEN reconnect failed");
        scheduleReconnect();
      }
    }, delay);
    timer.unref?.();
  };

  client = await connect(); // the first connection fails loudly (the caller answers 503)
  return {
    emitter,
    listen: async (channel) => {
      if (channels.has(channel)) return;
      channels.add(channel);
      const c = client;
      if (!c) return; // reconnecting: the new connection listens on it
      try {
        await c.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
      } catch (err) {
        if (client === c) {
          channels.delete(channel);
          throw err;
        }
        // The connection dropped meanwhile; the reconnect listens on the channel.
      }
    },
    close: async () => {
      closed = true;
      if (timer) clearTimeout(timer);
      await client?.end().catch(() => {});
    },
    up: () => client !== null,
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

export type ListenHandlers = {
  /** The hub was closed on purpose (shutdown, tests): nothing more arrives. */
  onLost?: () => void;
  /** The connection came back after a loss: notifications may have been missed, re-read. */
  onResync?: () => void;
};

/**
 * Calls `onPayload` for every NOTIFY on `channel` from now on; `onResync` after the listening
 * connection was lost and restored, `onLost` once if the hub is closed. Resolves once listening;
 * returns the unsubscribe.
 */
export async function listenChannel(channel: string, onPayload: (payload: string) => void, handlers: ListenHandlers = {}): Promise<() => void> {
  const h = await hub();
  const onLost = handlers.onLost ?? (() => {});
  const onResync = handlers.onResync ?? (() => {});
  h.emitter.on(channel, onPayload);
  h.emitter.once(LOST, onLost);
  h.emitter.on(RESYNC, onResync);
  const unsubscribe = () => {
    h.emitter.off(channel, onPayload);
    h.emitter.off(LOST, onLost);
    h.emitter.off(RESYNC, onResync);
  };
  try {
    await h.listen(channel);
  } catch (err) {
    unsubscribe();
    throw err;
  }
  return unsubscribe;
}

/** Whether this process's listening connection is up (false before the first subscriber). */
export async function listenerUp(): Promise<boolean> {
  const h = g.__listenHub;
  if (!h) return false;
  return (await h.catch(() => null))?.up() ?? false;
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
