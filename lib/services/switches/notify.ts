import { sql } from "drizzle-orm";
import type { Executor } from "@/lib/db/client";
import { listenChannel } from "@/lib/db/listen";
import { changeLatch, type ChangeWait } from "../change-latch";
import { subscribeAllMachines } from "../machines/notify";

/**
 * Switch change notifications (NOTIFY switch_changed, payload = switch id), on the process's
 * one LISTEN connection: an operator's port toggle or mode change, a registration or a replace,
 * a status report that changed something. A switch's desired state also changes with the
 * machines cabled to it (allocation, install report, free): those already NOTIFY machine_changed.
 */
export const SWITCH_CHANNEL = "switch_changed";

export async function notifySwitchChanged(tx: Executor, switchId: string): Promise<void> {
  await tx.execute(sql`select pg_notify(${SWITCH_CHANNEL}, ${switchId})`);
}

export type Subscription = { changed: ChangeWait; close: () => void };

/**
 * Resolves `changed` true when the switch or one of `machineIds` changes, false after the
 * timeout. Subscribe before reading the state, then await: nothing in between is missed.
 */
export async function subscribeSwitch(switchId: string, machineIds: ReadonlySet<string>): Promise<Subscription> {
  const { fire, changed } = changeLatch();
  const closers = await Promise.all([
    listenChannel(SWITCH_CHANNEL, (id) => id === switchId && fire(), { onLost: fire, onResync: fire }),
    subscribeAllMachines((id) => machineIds.has(id) && fire(), fire),
  ]);
  return {
    changed,
    close: () => closers.forEach((c) => c()),
  };
}

/** Every switch change, for the live UI stream (operators only); `onResync` after a lost and restored listener. Returns the unsubscribe. */
export function subscribeAllSwitches(listener: (switchId: string) => void, onLost: () => void, onResync: () => void = () => {}): Promise<() => void> {
  return listenChannel(SWITCH_CHANNEL, listener, { onLost, onResync });
}
