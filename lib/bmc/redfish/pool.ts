import { createHash } from "node:crypto";
import type { BmcConnection } from "../driver";
import { RedfishClient } from "./client";
import { type RedfishDriver, redfishDriverOn } from "./driver";

/**
 * One Redfish session per BMC per worker process (real BMCs have 4–16 session slots): drivers
 * leased here share their BMC's client — its session, its basic-auth fallback, what discovery
 * learnt — while it is in use. A client unused for `idleMs` logs out (DELETE of its session);
 * `closeRedfishSessions` logs every one out when the worker stops. The key is everything that
 * decides the session (address, user, password, TLS setting); a changed password gets a new
 * client and the old one idles out. Per-call settings (timeouts, settle, system, boot mode)
 * stay with each lease; the transport timeout is the first lease's.
 */
type Entry = { client: RedfishClient; leases: number; idle: NodeJS.Timeout | null };

const pool = new Map<string, Entry>();
export const SESSION_IDLE_MS = 60_000;

function keyOf(conn: BmcConnection): string {
  return createHash("sha256").update(JSON.stringify([conn.address, conn.user, conn.password, conn.insecureTls === true])).digest("hex");
}

function retire(key: string, entry: Entry): Promise<void> {
  if (pool.get(key) === entry) pool.delete(key);
  if (entry.idle) clearTimeout(entry.idle);
  return entry.client.close().catch(() => {});
}

export function leaseRedfishDriver(conn: BmcConnection, o: { idleMs?: number } = {}): RedfishDriver {
  const key = keyOf(conn);
  let entry = pool.get(key);
  if (!entry) {
    entry = { client: new RedfishClient(conn), leases: 0, idle: null };
    pool.set(key, entry);
  }
  const e = entry;
  if (e.idle) clearTimeout(e.idle);
  e.idle = null;
  e.leases += 1;
  let released = false;
  const release = async () => {
    if (released) return;
    released = true;
    e.leases -= 1;
    if (e.leases > 0 || pool.get(key) !== e) return;
    e.idle = setTimeout(() => void retire(key, e), o.idleMs ?? SESSION_IDLE_MS);
    e.idle.unref();
  };
  return redfishDriverOn(e.client, conn, release);
}

/** Logs out of every pooled session (worker shutdown); leases still running finish on a closed client's errors. */
export async function closeRedfishSessions(): Promise<void> {
  await Promise.all([...pool].map(([key, entry]) => retire(key, entry)));
}

/** Open pooled clients (tests, bench). */
export function pooledSessionCount(): number {
  return pool.size;
}
