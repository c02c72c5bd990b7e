import { and, eq, inArray } from "drizzle-orm";
import { errFields, log } from "@/lib/log";
import type { Grant } from "@/lib/auth/grants";
import type { Actor } from "@/lib/auth/principal";
import { can } from "@/lib/auth/permissions";
import type { MachineStreamEventDto, SwitchStreamEventDto } from "@/lib/contracts/machines";
import { getDb } from "@/lib/db/client";
import { machines, projects } from "@/lib/db/schema";
import { visibleMachines } from "./list-filters";
import { canReadOwnedMachine } from "./machines";
import { subscribeAllSwitches } from "../switches/notify";
import { subscribeAllMachines } from "./notify";

/**
 * Live machine updates (ARCHITECTURE §5): the process's one LISTEN connection (notify.ts) fans
 * each `machine_changed` out to the open streams — but only to callers who may read the machine
 * NOW. Per notification the broker looks the owner up once (one query for a burst of them,
 * shared by every stream), then each stream decides from its own grants in memory. Decisions
 * are never cached across notifications: an allocation or a free changes the owner, and the
 * notification that says so is delivered after the commit, so a fresh lookup sees it.
 *
 * A machine that leaves the caller's projects (freed, deleted) is sent once more, so open pages
 * drop it; after that the stream says nothing about it, whoever gets it next.
 */
type Owner = { projectId: string | null; tenantId: string | null };
type Stream = { grants: Grant[]; readable: Set<string>; send: (e: MachineStreamEventDto | SwitchStreamEventDto) => void; resync: () => void; end: () => void };
type Broker = { streams: Set<Stream>; pending: string[]; draining: boolean; started: Promise<() => void> | null };

const g = globalThis as unknown as { __machineStreamBroker?: Broker };
const broker = (): Broker => (g.__machineStreamBroker ??= { streams: new Set(), pending: [], draining: false, started: null });

async function ownersOf(ids: string[]): Promise<Map<string, Owner>> {
  const db = await getDb();
  const rows = await db.select({ id: machines.id, projectId: machines.projectId, tenantId: projects.tenantId })
    .from(machines).leftJoin(projects, eq(projects.id, machines.projectId)).where(inArray(machines.id, ids));
  return new Map(rows.map((r) => [r.id, { projectId: r.projectId, tenantId: r.tenantId }]));
}

/** Whether this stream hears about the change; a deleted machine has no owner (undefined). */
function deliver(stream: Stream, machineId: string, owner: Owner | undefined): void {
  if (owner && canReadOwnedMachine(stream.grants, owner)) {
    stream.readable.add(machineId);
    stream.send({ machineId });
  } else if (stream.readable.delete(machineId)) {
    stream.send({ machineId }); // it just left the caller's projects: the last word about it
  }
}

/** Notifications are handled in arrival order, a burst at a time, one owner lookup per burst. */
async function drain(b: Broker): Promise<void> {
  if (b.draining) return;
  b.draining = true;
  try {
    while (b.pending.length > 0) {
      const batch = [...new Set(b.pending.splice(0))];
      let owners: Map<string, Owner>;
      try {
        owners = await ownersOf(batch);
      } catch (err) {
        // Nothing unauthorised is sent; pages catch up on their next (fallback) refetch.
        log("stream").warn(errFields(err), "machine stream: owner lookup failed");
        continue;
      }
      for (const id of batch) for (const s of b.streams) deliver(s, id, owners.get(id));
    }
  } finally {
    b.draining = false;
  }
}

/** Switch changes go to operators' streams only (switches are infrastructure: infra.read). */
function deliverSwitch(b: Broker, switchId: string): void {
  for (const s of b.streams) if (can(s.grants, "infra.read", { kind: "global" })) s.send({ switchId });
}

function start(b: Broker): Promise<() => void> {
  const lost = () => {
    // The LISTEN connection is gone: end every stream; browsers reconnect to a new one.
    b.started = null;
    for (const s of [...b.streams]) s.end();
  };
  const resync = () => {
    for (const s of b.streams) s.resync();
  };
  b.started ??= Promise.all([subscribeAllMachines(
    (machineId) => {
      b.pending.push(machineId);
      void drain(b);
    },
    lost,
    // It dropped and came back: changes in between were missed, so every page refetches.
    // (What each stream may read is refreshed too: a machine freed meanwhile must still leave it.)
    resync,
  ), subscribeAllSwitches((switchId) => deliverSwitch(b, switchId), lost, resync)]).then((closers) => () => closers.forEach((c) => c()))
    .catch((err) => {
      b.started = null;
      throw err;
    });
  return b.started;
}

/** The machines the caller can read now: a free by someone else must reach their open pages. */
async function readableNow(grants: Grant[]): Promise<Set<string>> {
  const filter = visibleMachines(grants);
  if (!filter) return new Set(); // operators read everything anyway
  const db = await getDb();
  const rows = await db.select({ id: machines.id }).from(machines).where(and(filter));
  return new Set(rows.map((r) => r.id));
}

/**
 * Opens a stream for the caller: `send` gets every change they may see, `end` is called if the
 * stream must end (the LISTEN connection was lost). Returns the function that closes it.
 */
export async function openMachineStream(actor: Actor, send: Stream["send"], end: () => void, resync: () => void = () => {}): Promise<() => void> {
  const b = broker();
  await start(b);
  const stream: Stream = { grants: actor.principal.grants, readable: new Set(), send, resync: () => {
    resync();
    readableNow(actor.principal.grants).then((ids) => ids.forEach((id) => stream.readable.add(id)), () => {});
  }, end: () => {
    b.streams.delete(stream);
    end();
  } };
  // Listening before the snapshot: a free committed in between is either in the snapshot (and
  // its notification then finds it leaving) or was already visible to the page as gone.
  b.streams.add(stream);
  try {
    for (const id of await readableNow(actor.principal.grants)) stream.readable.add(id);
  } catch (err) {
    b.streams.delete(stream);
    throw err;
  }
  return () => {
    b.streams.delete(stream);
  };
}

/** How many streams are open in this process (tests, diagnostics). */
export function openMachineStreamCount(): number {
  return broker().streams.size;
}
