import { and, asc, eq, gt, gte, lt, notExists, sql } from "drizzle-orm";
import type { Actor } from "@/lib/auth/principal";
import type { PowerReadingsDto } from "@/lib/contracts/bmc";
import { getDb, type Executor } from "@/lib/db/client";
import { bmcPowerReadings } from "@/lib/db/schema";
import { POWER_TREND_STEP_MS, POWER_TREND_WINDOW_MS } from "@/lib/domain/bmc/power-trend";
import { getReadableMachine } from "../machines/machines";

/**
 * Stores a poll's power reading when the machine's newest stored reading is at least a step old
 * (one INSERT … WHERE NOT EXISTS), and prunes the machine's readings older than the window, in
 * the poll's transaction: a machine never holds more than POWER_TREND_MAX_POINTS rows.
 */
export async function recordPowerReading(t: Executor, machineId: string, watts: number, now: Date): Promise<boolean> {
  const recent = t.select({ one: sql`1` }).from(bmcPowerReadings)
    .where(and(eq(bmcPowerReadings.machineId, machineId), gt(bmcPowerReadings.time, new Date(now.getTime() - POWER_TREND_STEP_MS))));
  const inserted = await t.insert(bmcPowerReadings)
    .select(t.select({ machineId: sql`${machineId}`.as("machine_id"), time: sql`${now.toISOString()}::timestamptz`.as("time"), watts: sql`${Math.round(watts)}::integer`.as("watts") })
      .from(sql`(select 1) as one`).where(notExists(recent)))
    .onConflictDoNothing().returning({ time: bmcPowerReadings.time });
  await t.delete(bmcPowerReadings).where(and(eq(bmcPowerReadings.machineId, machineId), lt(bmcPowerReadings.time, new Date(now.getTime() - POWER_TREND_WINDOW_MS))));
  return inserted.length > 0;
}

/** The last 24 h of a machine's power draw, oldest first; 404 for a machine the caller may not read. */
export async function listPowerReadings(actor: Actor, machineId: string, now = new Date()): Promise<PowerReadingsDto> {
  const db = await getDb();
  await getReadableMachine(db, actor, machineId);
  const rows = await db.select({ time: bmcPowerReadings.time, watts: bmcPowerReadings.watts }).from(bmcPowerReadings)
    .where(and(eq(bmcPowerReadings.machineId, machineId), gte(bmcPowerReadings.time, new Date(now.getTime() - POWER_TREND_WINDOW_MS))))
    .orderBy(asc(bmcPowerReadings.time));
  return { machineId, items: rows.map((r) => ({ time: r.time.toISOString(), watts: r.watts })) };
}
