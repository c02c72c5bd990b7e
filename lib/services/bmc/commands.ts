import { and, desc, eq, inArray, lt } from "drizzle-orm";
import type { Actor } from "@/lib/auth/principal";
import type { BmcCommandDto, PowerAction, PowerActionInput } from "@/lib/contracts/bmc";
import { getDb, type Executor } from "@/lib/db/client";
import { bmcCommands, type BmcCommandName } from "@/lib/db/schema";
import { rebootNeedsPlanning } from "@/lib/domain/bmc/planned-reboot";
import { uuidv7 } from "@/lib/domain/ids";
import { decodeCursor, type Page, type PaginationQuery, toPage } from "@/lib/http/pagination";
import { sendInTx } from "@/lib/jobs/runtime";
import { recordAudit } from "../audit";
import { recordControlPlaneEvent } from "../machines/allocation-events";
import { getReadableMachine, getWritableMachine, machineAudit } from "../machines/machines";
import { notifyMachineChanged } from "../machines/notify";
import { inTx } from "../tx";
import { loadBmcRow } from "./records";

/**
 * BMC commands: each is a row with a visible status (queued → running → succeeded | failed),
 * executed by a worker (executor.ts) one at a time per BMC, in the order they were issued.
 * Issuing one writes the rows and sends a `bmc.drain` job in the caller's transaction: nothing
 * runs unless it commits, and the commit wakes a worker at once.
 */
export type BmcStep = { command: BmcCommandName; persistent?: boolean };
export type BmcCommandRow = typeof bmcCommands.$inferSelect;

/** How long a command may take from its first start, retries included, before it fails as timed out. */
export const BMC_COMMAND_DEADLINE_MS = 10 * 60_000;
export const BMC_DRAIN_JOB = "bmc.drain";

/** What the control plane does through the BMC (DOMAIN §3.3, §4). */
export const bmcPlans = {
  free: [{ command: "boot-pxe" }, { command: "power-reset" }],
  reinstall: [{ command: "boot-pxe" }, { command: "power-cycle" }],
  installed: [{ command: "boot-disk", persistent: true }],
  resurrection: [{ command: "boot-pxe" }, { command: "power-reset" }],
  ledOff: [{ command: "identify-off" }],
} satisfies Record<string, BmcStep[]>;

const actionSteps: Record<PowerAction, BmcCommandName> = {
  on: "power-on", off: "power-off", reset: "power-reset", cycle: "power-cycle",
  "boot-pxe": "boot-pxe", "boot-disk": "boot-disk", "boot-bios": "boot-bios",
  "identify-on": "identify-on", "identify-off": "identify-off",
};

export function toBmcCommandDto(r: BmcCommandRow): BmcCommandDto {
  return {
    id: r.id, machineId: r.machineId, command: r.command, persistent: r.persistent, origin: r.origin,
    requester: r.requesterName, status: r.status, error: r.error, note: r.note, attempts: r.attempts,
    createdAt: r.createdAt.toISOString(), startedAt: r.startedAt?.toISOString() ?? null, finishedAt: r.finishedAt?.toISOString() ?? null,
  };
}

/**
 * Queues `steps` as one group (a failed step cancels the rest of its group) inside the caller's
 * transaction. `requester` is who asked (a user, or the control plane for free/reinstall/…).
 */
export async function enqueueBmcCommands(tx: Executor, machineId: string, steps: BmcStep[], origin: string, requester: Actor | null, now = new Date()): Promise<BmcCommandRow[]> {
  const groupId = uuidv7();
  const rows = await tx.insert(bmcCommands).values(steps.map((s) => ({
    id: uuidv7(), machineId, command: s.command, persistent: s.persistent ?? false, groupId, origin,
    requesterId: requester?.principal.userId ?? null, requesterName: requester?.principal.name ?? "control plane",
    createdAt: now,
  }))).returning();
  await sendInTx(tx, BMC_DRAIN_JOB, { machineId });
  await notifyMachineChanged(tx, machineId);
  return rows;
}

/** The reboot a free or resurrection queues to bring the machine into the install environment. */
export const RECLAIM_ORIGINS = ["free", "resurrection"];
export const RECLAIM_REBOOT: BmcCommandName[] = ["boot-pxe", "power-reset"];

/**
 * The machine's agent spoke from the install environment (Preparing, Registering, Waiting,
 * Installing): a reclaim reboot still queued for it has nothing left to do — the agent is where
 * the reboot would have brought it, wipes the disks itself when it starts over, and takes the
 * machine's current allocation from there. Sent now, it would only interrupt what the agent does
 * next, e.g. the fresh install of a machine allocated again by id right after its free (issue 14).
 * Such commands end as "not run", in the caller's transaction. A reboot already running is left
 * alone; the agent's install waits for it (agent-install.ts). Returns how many were dropped.
 */
export async function dropQueuedReclaimReboots(tx: Executor, machineId: string, event: string, now = new Date()): Promise<number> {
  const dropped = await tx.update(bmcCommands).set({
    status: "failed", finishedAt: now,
    error: `not run: the machine's agent reported ${event} from the install environment first, so the reclaim reboot was no longer needed`,
  }).where(and(eq(bmcCommands.machineId, machineId), eq(bmcCommands.status, "queued"), inArray(bmcCommands.origin, RECLAIM_ORIGINS), inArray(bmcCommands.command, RECLAIM_REBOOT)))
    .returning({ id: bmcCommands.id });
  if (dropped.length > 0) await notifyMachineChanged(tx, machineId);
  return dropped.length;
}

/**
 * Whether the action boots the machine, so it may be recorded as Planned Reboot first
 * (lib/domain/bmc/planned-reboot.ts): a reset or cycle always; "on" when the BMC last reported
 * the machine off (on an already running machine it changes nothing, and a Planned Reboot that
 * no boot follows would end as a timed-out failure).
 */
async function bootsTheMachine(t: Executor, machineId: string, action: PowerAction): Promise<boolean> {
  if (action === "reset" || action === "cycle") return true;
  if (action !== "on") return false;
  return (await loadBmcRow(t, machineId))?.info?.powerState === "off";
}

/** POST /machines/{id}/power: editors of the machine's project (operators for free machines). */
export async function requestPowerAction(actor: Actor, machineId: string, input: PowerActionInput, tx?: Executor): Promise<{ commands: BmcCommandDto[] }> {
  return inTx(tx, async (t) => {
    const machine = await getWritableMachine(t, actor, machineId);
    if (await bootsTheMachine(t, machineId, input.action) && rebootNeedsPlanning(machine.machine.provisioningState)) {
      await recordControlPlaneEvent(t, machineId, "Planned Reboot", `power ${input.action} requested by ${actor.principal.name}`);
    }
    const rows = await enqueueBmcCommands(t, machineId, [{ command: actionSteps[input.action], persistent: input.persistent }], "user", actor);
    await recordAudit(t, actor, { action: "machine.power", ...machineAudit(machine), after: { action: input.action, persistent: input.persistent, commandIds: rows.map((r) => r.id) } });
    return { commands: rows.map(toBmcCommandDto) };
  });
}

/** The machine's command history, newest first. */
export async function listBmcCommands(actor: Actor, machineId: string, q: PaginationQuery & { status?: BmcCommandRow["status"] }): Promise<Page<BmcCommandDto>> {
  const db = await getDb();
  await getReadableMachine(db, actor, machineId);
  const after = decodeCursor(q.cursor);
  const rows = await db.select().from(bmcCommands).where(and(
    eq(bmcCommands.machineId, machineId),
    q.status ? eq(bmcCommands.status, q.status) : undefined,
    after !== undefined ? lt(bmcCommands.seq, Number(after)) : undefined,
  )).orderBy(desc(bmcCommands.seq)).limit(q.limit + 1);
  return toPage(rows, q.limit, (r) => r.seq, toBmcCommandDto);
}
