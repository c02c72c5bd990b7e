import { and, asc, eq, inArray, type SQL, sql } from "drizzle-orm";
import { log } from "@/lib/log";
import { BmcError, type BmcDriver, type BmcInfo } from "@/lib/bmc/driver";
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
 * - A transient BMC error (unreachable, timeout, busy) puts the command back with a backoff
 *   (1, 2, 4, 8 s) and a delayed drain job; after `maxAttempts` it fails with the last message.
 * - Any other error fails it at once ("authentication failed" is never retried), and the rest
 *   of its group (e.g. the reset after a failed boot-pxe) fails as not run.
 * - A running command whose lease ran out belongs to a worker that died: the next drain takes
 *   it over. If the BMC may already have received a reset or cycle, it is not sent again (a
 *   second reset would interrupt the boot it started); the machine is only made sure to be on.
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

type Claim =
  | { kind: "claimed"; command: BmcCommandRow; takeover: boolean }
  | { kind: "idle" | "busy" | "backoff" | "expired" };

const ops: Record<BmcCommandName, (d: BmcDriver, c: BmcCommandRow) => Promise<void>> = {
  "power-on": (d) => d.powerOn(),
  "power-off": (d) => d.powerOff(),
  "power-reset": (d) => d.reset(),
  "power-cycle": (d) => d.cycle(),
  "boot-pxe": (d, c) => d.setBootDevice("pxe", c.persistent),
  "boot-disk": (d, c) => d.setBootDevice("disk", c.persistent),
  "boot-bios": (d, c) => d.setBootDevice("bios", c.persistent),
  "identify-on": (d) => d.setIdentify(true),
  "identify-off": (d) => d.setIdentify(false),
};

/** What a successful command tells about the machine without asking the BMC again. */
const effects: Partial<Record<BmcCommandName, Partial<BmcInfo>>> = {
  "power-on": { powerState: "on" }, "power-reset": { powerState: "on" }, "power-cycle": { powerState: "on" },
  "power-off": { powerState: "off" }, "identify-on": { identifyOn: true }, "identify-off": { identifyOn: false },
};

/** The command as this worker claimed it: still running, and no other drain has claimed it since. */
const heldBy = (c: BmcCommandRow) => and(eq(bmcCommands.id, c.id), eq(bmcCommands.status, "running"), eq(bmcCommands.attempts, c.attempts));

/** Ends a command (when `where` still matches it); a failure cancels the rest of its group. False when it did not match. */
async function finish(t: Tx, c: BmcCommandRow, result: { status: "succeeded" | "failed"; error?: string; note?: string }, now: Date, where: SQL | undefined): Promise<boolean> {
  const ended = await t.update(bmcCommands).set({ status: result.status, error: result.error ?? null, note: result.note ?? null, leaseUntil: null, finishedAt: now })
    .where(where).returning({ id: bmcCommands.id });
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

async function claimNext(machineId: string, leaseMs: number): Promise<Claim> {
  return inTx(undefined, async (t) => {
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
      return { kind: "expired" };
    }
    if (head.status === "queued" && head.runAfter > now) return { kind: "backoff" };
    const [command] = await t.update(bmcCommands).set({
      status: "running", attempts: sql`${bmcCommands.attempts} + 1`, startedAt: head.startedAt ?? now,
      deadline: head.deadline ?? new Date(now.getTime() + BMC_COMMAND_DEADLINE_MS), leaseUntil: new Date(now.getTime() + leaseMs),
    }).where(eq(bmcCommands.id, head.id)).returning();
    await notifyMachineChanged(t, machineId);
    return { kind: "claimed", command, takeover: head.status === "running" };
  });
}

function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new BmcError("timeout", `${what} did not finish within ${Math.round(ms / 1000)} s`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

type Outcome = { status: "succeeded"; note?: string } | { status: "failed"; error: string; retryable: boolean } | { status: "lost" };

async function execute(c: BmcCommandRow, takeover: boolean, o: typeof DEFAULTS & { driverFor: DriverFactory }): Promise<Outcome> {
  const db = await getDb();
  const bmc = await loadBmcRow(db, c.machineId);
  if (!bmc) return { status: "failed", retryable: false, error: "this machine has no BMC: its agent reported none and no operator has set one" };
  if (isBmcContactBlocked(bmc)) {
    return { status: "failed", retryable: false, error: `not sent: the BMC address ${bmc.address} is outside the partition's BMC networks; an operator must approve or correct it first` };
  }
  let run = ops[c.command];
  let note: string | undefined;
  if (takeover && c.dispatchedAt && (c.command === "power-reset" || c.command === "power-cycle")) {
    run = ops["power-on"];
    note = `a worker stopped while the BMC had this ${c.command}; it was not sent again (a second one would interrupt the boot it started), the machine was only made sure to be on`;
  }
  let driver: ReturnType<DriverFactory> | undefined;
  try {
    driver = o.driverFor(bmcConnectionOf(bmc));
    const dispatched = await db.update(bmcCommands).set({ dispatchedAt: new Date() }).where(heldBy(c)).returning({ id: bmcCommands.id });
    if (dispatched.length === 0) return { status: "lost" }; // taken over before it was sent: not sent twice
    await withTimeout(run(driver, c), Math.max(1000, o.leaseMs - 5000), c.command);
    return { status: "succeeded", note };
  } catch (err) {
    const retryable = err instanceof BmcError && err.retryable;
    return { status: "failed", retryable, error: err instanceof Error ? err.message : String(err) };
  } finally {
    await driver?.close?.().catch(() => {});
  }
}

async function record(c: BmcCommandRow, outcome: Outcome, o: typeof DEFAULTS): Promise<"done" | "backoff"> {
  if (outcome.status === "lost") {
    discarded(c, "the dispatch");
    return "done";
  }
  return inTx(undefined, async (t) => {
    const now = new Date();
    if (outcome.status === "succeeded") {
      if (!(await finish(t, c, { status: "succeeded", note: outcome.note }, now, heldBy(c)))) {
        discarded(c, "the success");
        return "done";
      }
      const effect = effects[c.command];
      if (effect) await t.update(machineBmcs).set({ info: sql`${machineBmcs.info} || ${JSON.stringify(effect)}::jsonb`, updatedAt: now })
        .where(and(eq(machineBmcs.machineId, c.machineId), sql`${machineBmcs.info} is not null`));
      return "done";
    }
    const runAfter = new Date(now.getTime() + o.backoffMs(c.attempts));
    if (outcome.retryable && c.attempts < o.maxAttempts && (!c.deadline || runAfter < c.deadline)) {
      const requeued = await t.update(bmcCommands).set({ status: "queued", error: outcome.error, leaseUntil: null, runAfter }).where(heldBy(c)).returning({ id: bmcCommands.id });
      if (requeued.length === 0) {
        discarded(c, "the retry");
        return "done";
      }
      await sendInTx(t, BMC_DRAIN_JOB, { machineId: c.machineId }, { startAfter: runAfter });
      await notifyMachineChanged(t, c.machineId);
      return "backoff";
    }
    const error = outcome.retryable ? `failed after ${c.attempts} attempts: ${outcome.error}` : outcome.error;
    if (!(await finish(t, c, { status: "failed", error }, now, heldBy(c)))) discarded(c, "the failure");
    return "done";
  });
}

export async function drainBmcCommands(machineId: string, options: DrainOptions = {}): Promise<DrainResult> {
  const o = { ...DEFAULTS, driverFor: createBmcDriver, ...options };
  const started = Date.now();
  let executed = 0;
  for (;;) {
    if (Date.now() - started > o.budgetMs) {
      await inTx(undefined, (t) => sendInTx(t, BMC_DRAIN_JOB, { machineId }));
      return { executed, stopped: "budget" };
    }
    const claim = await claimNext(machineId, o.leaseMs);
    if (claim.kind === "expired") continue;
    if (claim.kind !== "claimed") return { executed, stopped: claim.kind };
    const outcome = await execute(claim.command, claim.takeover, o);
    executed += 1;
    if ((await record(claim.command, outcome, o)) === "backoff") return { executed, stopped: "backoff" };
  }
}
