import { and, eq, inArray, lte, not, notExists, sql } from "drizzle-orm";
import { BmcError, type BmcInfo } from "@/lib/bmc/driver";
import { isBmcOutdated } from "@/lib/domain/bmc/outdated";
import { pollChangesPanel } from "@/lib/domain/bmc/poll-change";
import { createBmcDriver, type DriverFactory } from "@/lib/bmc/factory";
import { getDb } from "@/lib/db/client";
import { bmcCommands, machineBmcs } from "@/lib/db/schema";
import { getEnv } from "@/lib/env";
import { notifyMachineChanged } from "../machines/notify";
import { inTx } from "../tx";
import { bmcContactBlocked } from "./bmc-networks";
import { recordPowerReading } from "./power-readings";
import { bmcConnectionOf } from "./records";

/**
 * Reads power state, inventory, firmware, power draw and power supplies from every BMC whose
 * turn has come (each BMC every `intervalMs`, jittered ±20 % so polls spread out instead of
 * arriving in waves), at most `concurrency` at a time. A BMC with a command queued or running is
 * skipped this round: commands come first, and BMCs run out of sessions. Claiming a BMC moves
 * its next poll time first (SKIP LOCKED), so pollers in several worker processes never poll the
 * same BMC twice. A transient error is retried once. A BMC without a successful poll for
 * 20 min shows "BMC info outdated". A poll that changes what the BMC panel shows (power state,
 * readings, an error appearing or going away, the end of an outdated spell) notifies the
 * machine's channel, so open pages update; an unchanged poll stays silent, so thousands of
 * BMCs do not flood the streams. The power draw also goes into the machine's 24 h trend
 * (power-readings.ts: at most one reading per 5 minutes).
 */
export type PollOptions = { now?: Date; intervalMs?: number; concurrency?: number; limit?: number; driverFor?: DriverFactory; timeoutMs?: number };
export type PollResult = { polled: number; ok: number; failed: number; ms: number };

const jittered = (now: Date, intervalMs: number) => new Date(now.getTime() + intervalMs * (0.8 + Math.random() * 0.4));

async function claimDue(now: Date, intervalMs: number, limit: number) {
  const db = await getDb();
  const pending = db.select({ one: sql`1` }).from(bmcCommands)
    .where(and(eq(bmcCommands.machineId, machineBmcs.machineId), inArray(bmcCommands.status, ["queued", "running"])));
  const due = db.select({ id: machineBmcs.machineId }).from(machineBmcs)
    // Never a BMC outside its partition's BMC networks (unless approved): see bmc-networks.ts.
    .where(and(lte(machineBmcs.nextPollAt, now), notExists(pending), not(bmcContactBlocked)))
    .orderBy(machineBmcs.nextPollAt).limit(limit).for("update", { skipLocked: true });
  // One UPDATE … WHERE id IN (locked subselect): the claim and the new poll time commit together.
  return db.update(machineBmcs).set({ nextPollAt: jittered(now, intervalMs) })
    .where(inArray(machineBmcs.machineId, due)).returning();
}

type ClaimedRow = Awaited<ReturnType<typeof claimDue>>[number];

async function pollOne(row: ClaimedRow, driverFor: DriverFactory, timeoutMs: number): Promise<boolean> {
  let driver: ReturnType<DriverFactory> | undefined;
  let info: BmcInfo | null = null;
  let error: string | null = null;
  let systems: string[] | undefined;
  // A read is harmless to repeat: one more try after a transient error (a lost UDP packet, a
  // busy BMC) before the round counts the BMC as failed.
  for (let attempt = 1; attempt <= 2 && info === null; attempt++) {
    try {
      driver = driverFor({ ...bmcConnectionOf(row), timeoutMs });
      info = await driver.readInfo();
      error = null;
      systems = info.systems;
    } catch (err) {
      error = err instanceof Error ? err.message : String(err);
      // Several systems and none chosen: the BMC settings form offers them.
      if (err instanceof BmcError && err.systems) systems = err.systems;
      if (!(err instanceof BmcError && err.retryable)) break;
    } finally {
      await driver?.close?.().catch(() => {});
    }
  }
  const now = new Date();
  await inTx(undefined, async (t) => {
    await t.update(machineBmcs).set({
      ...(info ? { info, lastPollAt: now, lastPollOkAt: now, lastPollError: null, updatedAt: now } : { lastPollAt: now, lastPollError: error, updatedAt: now }),
      ...(systems ? { discoveredSystems: systems } : {}),
    })
      .where(eq(machineBmcs.machineId, row.machineId));
    if (info?.powerWatts != null) await recordPowerReading(t, row.machineId, info.powerWatts, now);
    const before = { info: row.info, lastPollError: row.lastPollError, outdated: isBmcOutdated(row.lastPollOkAt, row.createdAt, now) };
    if (pollChangesPanel(before, info, error)) await notifyMachineChanged(t, row.machineId);
  });
  return info !== null;
}

export async function pollDueBmcs(o: PollOptions = {}): Promise<PollResult> {
  const env = getEnv().bmc;
  const started = Date.now();
  const rows = await claimDue(o.now ?? new Date(), o.intervalMs ?? env.pollIntervalSeconds * 1000, o.limit ?? 5000);
  let next = 0;
  let ok = 0;
  const worker = async () => {
    while (next < rows.length) {
      const row = rows[next++];
      if (await pollOne(row, o.driverFor ?? createBmcDriver, o.timeoutMs ?? 15_000)) ok += 1;
    }
  };
  await Promise.all(Array.from({ length: Math.min(o.concurrency ?? env.pollConcurrency, rows.length) }, worker));
  return { polled: rows.length, ok, failed: rows.length - ok, ms: Date.now() - started };
}
