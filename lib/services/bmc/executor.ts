import { and, asc, eq, inArray, type SQL, sql } from "drizzle-orm";
import { log } from "@/lib/log";
import { BmcError, type BmcDriver, type BmcInfo, type RestartHooks } from "@/lib/bmc/driver";
import { createBmcDriver, type DriverFactory } from "@/lib/bmc/factory";
import { getDb, type Tx } from "@/lib/db/client";
import { bmcCommands, type BmcCommandName, machineBmcs } from "@/lib/db/schema";
import { sendInTx } from "@/lib/jobs/runtime";
import { notifyMachineChanged } from "../machines/notify";
import { inTx } from "../tx";
import { isBmcContactBlocked } from "./bmc-networks";
import { BMC_COMMAND_DEADLINE_MS, BMC_DRAIN_JOB, type BmcCommandRow } from "./commands";
import { bmcConnectionOf, loadBmcRow } from "./records";

/**
 * Runs a machine's BMC commands one at a time, oldest first ("draining" its queue). Any number
 * of drains may start for one machine — the job, its retries, the sweep, another worker
 * process: claiming a command takes the queue's head under a row lock, and a unique index
 * allows one running command per machine, so exactly one of them executes it.
 *
 * One transaction per command (issue 14): a command's result is recorded and the machine's next
 * command claimed in the same transaction; only the first claim of a drain has its own. The
 * BMC's row is read in the claiming transaction, so nothing waits on the database between the
 * claim and the BMC call.
 *
 * - A transient BMC error (unreachable, timeout, busy) puts the command back with a backoff
 *   (1, 2, 4, 8 s) and a delayed drain job; after `maxAttempts` it fails with the last message.
 * - Any other error fails it at once ("authentication failed" is never retried), and the rest
 *   of its group (e.g. the reset after a failed boot-pxe) fails as not run.
 * - A reset or cycle is sent at most once per command: right before the request that makes the
 *   BMC act, `sent_at` is written — ownership-checked and committed first (RestartHooks). Once it
 *   is set, the BMC may have acted, so a retry (the answer was lost, the settle timed out) or a
 *   take-over does not send it again: the machine is only made sure to be on, and the note says
 *   so. A worker that no longer holds its command (taken over, timed out and put back) fails that
 *   write and sends nothing. Unset, it was proven never sent and is sent in full. Other commands
 *   are idempotent (driver.ts) and simply run again.
 * - A running command whose lease ran out belongs to a worker that died: the next drain takes
 *   it over (see above for a reset or cycle that was sent).
 * - A running command whose lease is valid is its worker's, whatever else holds: nobody else
 *   touches it, so the next command cannot start while the BMC still works on this one.
 * - A command not being executed (in backoff, or its worker's lease ran out) past its deadline
 *   fails as timed out: no command stays pending forever. The deadline counts from the
 *   command's first start; waiting behind the BMC's earlier commands does not count.
 * - A worker writes its command only while it still holds it (running, same attempt): a worker
 *   that was taken over (it stalled past its lease) cannot overwrite the result of the one that
 *   took over, nor cancel the rest of the group.
 */
export type DrainOptions = {
  driverFor?: DriverFactory;
  /** How long a running command is its worker's; past it, another drain takes over. */
  leaseMs?: number;
  maxAttempts?: number;
  backoffMs?: (attempt: number) => number;
  /** A drain hands over to a fresh job after this long, so one busy BMC cannot hold a worker forever. */
  budgetMs?: number;
};
export type DrainResult = { executed: number; stopped: "idle" | "busy" | "backoff" | "budget" };

const DEFAULTS = { leaseMs: 90_000, maxAttempts: 5, backoffMs: (attempt: number) => 1000 * 2 ** (attempt - 1), budgetMs: 60_000 };

type BmcRow = Awaited<ReturnType<typeof loadBmcRow>>;
type Claim =
  | { kind: "claimed"; command: BmcCommandRow; takeover: boolean; bmc: BmcRow }
  | { kind: "idle" | "busy" | "backoff" };

const ops: Record<BmcCommandName, (d: BmcDriver, c: BmcCommandRow, hooks: RestartHooks) => Promise<void>> = {
  "power-on": (d) => d.powerOn(),
  "power-off": (d) => d.powerOff(),
  "power-reset": (d, _c, hooks) => d.reset(hooks),
  "power-cycle": (d, _c, hooks) => d.cycle(hooks),
  "boot-pxe": (d, c) => d.setBootDevice("pxe", c.persistent),
  "boot-disk": (d, c) => d.setBootDevice("disk", c.persistent),
  "boot-bios": (d, c) => d.setBootDevice("bios", c.persistent),
  "identify-on": (d) => d.setIdentify(true),
  "identify-off": (d) => d.setIdentify(false),
};

/** Not idempotent: a second one interrupts the boot the first started. */
const restarts = new Set<BmcCommandName>(["power-reset", "power-cycle"]);

/** What a successful command tells about the machine without asking the BMC again. */
const effects: Partial<Record<BmcCommandName, Partial<BmcInfo>>> = {
  "power-on": { powerState: "on" }, "power-reset": { powerState: "on" }, "power-cycle": { powerState: "on" },
  "power-off": { powerState: "off" }, "identify-on": { identifyOn: true }, "identify-off": { identifyOn: false },
};

/** The command as this worker claimed it: still running, and no other drain has claimed it since. */
const heldBy = (c: BmcCommandRow) => and(eq(bmcCommands.id, c.id), eq(bmcCommands.status, "running"), eq(bmcCommands.attempts, c.attempts));

/** Thrown by the write before a reset/cycle is sent when the command is no longer this worker's. */
class LostCommand extends Error {}

/** Ends a command (when `where` still matches it); a failure cancels the rest of its group. False when it did not match. */
async function finish(t: Tx, c: BmcCommandRow, result: { status: "succeeded" | "failed"; error?: string; note?: string; dispatchedAt?: Date }, now: Date, where: SQL | undefined): Promise<boolean> {
  const ended = await t.update(bmcCommands).set({
    status: result.status, error: result.error ?? null, note: result.note ?? null, leaseUntil: null, finishedAt: now,
    ...(result.dispatchedAt ? { dispatchedAt: result.dispatchedAt } : {}),
  }).where(where).returning({ id: bmcCommands.id });
  if (ended.length === 0) return false;
  if (result.status === "failed") {
    await t.update(bmcCommands).set({ status: "failed", error: `not run: ${c.command} failed before it`, finishedAt: now })
      .where(and(eq(bmcCommands.groupId, c.groupId), eq(bmcCommands.status, "queued")));
  }
  await notifyMachineChanged(t, c.machineId);
  return true;
}

function discarded(c: BmcCommandRow, what: string): void {
  log("bmc").warn({ commandId: c.id, command: c.command, machineId: c.machineId, attempt: c.attempts }, `${what} discarded: another drain took the command over`);
}

/** Claims the machine's next command inside `t` (commands past their deadline on the way are failed). */
async function claimNext(t: Tx, machineId: string, leaseMs: number): Promise<Claim> {
  for (;;) {
    const now = new Date();
    const [head] = await t.select().from(bmcCommands)
      .where(and(eq(bmcCommands.machineId, machineId), inArray(bmcCommands.status, ["queued", "running"])))
      .orderBy(asc(bmcCommands.seq)).limit(1).for("update");
    if (!head) return { kind: "idle" };
    // Checked before the deadline: a command its worker is executing is never failed under it.
    if (head.status === "running" && head.leaseUntil && head.leaseUntil > now) return { kind: "busy" };
    if (head.deadline && now > head.deadline) {
      const last = head.error ? `; last error: ${head.error}` : "";
      await finish(t, head, { status: "failed", error: `timed out: not done within ${BMC_COMMAND_DEADLINE_MS / 60_000} min of its first start, after ${head.attempts} attempt(s)${last}` }, now, eq(bmcCommands.id, head.id));
      continue;
    }
    if (head.status === "queued" && head.runAfter > now) return { kind: "backoff" };
    const [command] = await t.update(bmcCommands).set({
      status: "running", attempts: sql`${bmcCommands.attempts} + 1`, startedAt: head.startedAt ?? now,
      deadline: head.deadline ?? new Date(now.getTime() + BMC_COMMAND_DEADLINE_MS), leaseUntil: new Date(now.getTime() + leaseMs),
    }).where(eq(bmcCommands.id, head.id)).returning();
    await notifyMachineChanged(t, machineId);
    return { kind: "claimed", command, takeover: head.status === "running", bmc: await loadBmcRow(t, machineId) };
  }
}

function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new BmcError("timeout", `${what} did not finish within ${Math.round(ms / 1000)} s`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

type Outcome =
  | { status: "succeeded"; note?: string; dispatchedAt: Date }
  | { status: "failed"; error: string; retryable: boolean; dispatchedAt?: Date }
  | { status: "lost" };

async function execute(claim: Extract<Claim, { kind: "claimed" }>, o: typeof DEFAULTS & { driverFor: DriverFactory }): Promise<Outcome> {
  const { command: c, takeover, bmc } = claim;
  if (!bmc) return { status: "failed", retryable: false, error: "this machine has no BMC: its agent reported none and no operator has set one" };
  if (isBmcContactBlocked(bmc)) {
    return { status: "failed", retryable: false, error: `not sent: the BMC address ${bmc.address} is outside the partition's BMC networks; an operator must approve or correct it first` };
  }
  let run = ops[c.command];
  let note: string | undefined;
  if (restarts.has(c.command) && c.sentAt) {
    run = ops["power-on"];
    const why = takeover ? "a worker stopped after sending it" : `its answer was lost (${c.error ?? "attempt failed"})`;
    note = `the BMC may already have carried out this ${c.command} (${why}); it was not sent again (a second one would interrupt the boot it started), the machine was only made sure to be on`;
  }
  const hooks: RestartHooks = {
    beforeSend: async () => {
      const db = await getDb();
      const marked = await db.update(bmcCommands).set({ sentAt: new Date() }).where(heldBy(c)).returning({ id: bmcCommands.id });
      if (marked.length === 0) throw new LostCommand();
    },
  };
  let driver: ReturnType<DriverFactory> | undefined;
  const dispatchedAt = new Date();
  try {
    driver = o.driverFor(bmcConnectionOf(bmc));
    await withTimeout(run(driver, c, hooks), Math.max(1000, o.leaseMs - 5000), c.command);
    return { status: "succeeded", note, dispatchedAt };
  } catch (err) {
    if (err instanceof LostCommand) return { status: "lost" }; // taken over before it was sent: not sent twice
    const retryable = err instanceof BmcError && err.retryable;
    return { status: "failed", retryable, error: err instanceof Error ? err.message : String(err), dispatchedAt };
  } finally {
    await driver?.close?.().catch(() => {});
  }
}

/**
 * Records the outcome and, in the same transaction, claims the machine's next command — or
 * hands over to a fresh job when the drain used up its budget. "backoff": the command waits
 * for its retry (a delayed drain job), and the drain ends.
 */
async function recordAndClaimNext(machineId: string, c: BmcCommandRow, outcome: Outcome, o: typeof DEFAULTS, overBudget: boolean): Promise<Claim | "backoff" | "budget"> {
  return inTx(undefined, async (t) => {
    const now = new Date();
    let effect: Partial<BmcInfo> | undefined;
    if (outcome.status === "lost") discarded(c, "the dispatch");
    else if (outcome.status === "succeeded") {
      if (await finish(t, c, outcome, now, heldBy(c))) effect = effects[c.command];
      else discarded(c, "the success");
    } else {
      const runAfter = new Date(now.getTime() + o.backoffMs(c.attempts));
      if (outcome.retryable && c.attempts < o.maxAttempts && (!c.deadline || runAfter < c.deadline)) {
        const requeued = await t.update(bmcCommands).set({ status: "queued", error: outcome.error, leaseUntil: null, runAfter }).where(heldBy(c)).returning({ id: bmcCommands.id });
        if (requeued.length > 0) {
          await sendInTx(t, BMC_DRAIN_JOB, { machineId }, { startAfter: runAfter });
          await notifyMachineChanged(t, machineId);
          return "backoff";
        }
        discarded(c, "the retry");
      } else {
        const error = outcome.retryable ? `failed after ${c.attempts} attempts: ${outcome.error}` : outcome.error;
        if (!(await finish(t, c, { status: "failed", error, dispatchedAt: outcome.dispatchedAt }, now, heldBy(c)))) discarded(c, "the failure");
      }
    }
    let next: Claim | "budget" = "budget";
    if (overBudget) await sendInTx(t, BMC_DRAIN_JOB, { machineId });
    else next = await claimNext(t, machineId, o.leaseMs);
    // machine_bmcs after bmc_commands (lib/services/README.md, lock order).
    if (effect) await t.update(machineBmcs).set({ info: sql`${machineBmcs.info} || ${JSON.stringify(effect)}::jsonb`, updatedAt: now })
      .where(and(eq(machineBmcs.machineId, machineId), sql`${machineBmcs.info} is not null`));
    return next;
  });
}

export async function drainBmcCommands(machineId: string, options: DrainOptions = {}): Promise<DrainResult> {
  const o = { ...DEFAULTS, driverFor: createBmcDriver, ...options };
  const started = Date.now();
  let executed = 0;
  let claim: Claim | "backoff" | "budget" = await inTx(undefined, (t) => claimNext(t, machineId, o.leaseMs));
  for (;;) {
    if (claim === "backoff" || claim === "budget") return { executed, stopped: claim };
    if (claim.kind !== "claimed") return { executed, stopped: claim.kind };
    const outcome = await execute(claim, o);
    executed += 1;
    claim = await recordAndClaimNext(machineId, claim.command, outcome, o, Date.now() - started > o.budgetMs);
  }
}
