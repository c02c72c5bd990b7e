import { eq, getTableColumns } from "drizzle-orm";
import type { z } from "zod";
import { can } from "@/lib/auth/permissions";
import type { Actor } from "@/lib/auth/principal";
import type { BmcConnection, BootMode } from "@/lib/bmc/driver";
import { openSecret, parseSecretKey, sealSecret } from "@/lib/bmc/secret-box";
import type { bmcReportSchema } from "@/lib/contracts/agent";
import type { BmcDto, UpdateBmcInput } from "@/lib/contracts/bmc";
import { getDb, type Executor } from "@/lib/db/client";
import { machineBmcs, machines, partitions } from "@/lib/db/schema";
import { getEnv } from "@/lib/env";
import { isBmcOutdated } from "@/lib/domain/bmc/outdated";
import { sendInTx } from "@/lib/jobs/runtime";
import { ForbiddenError, NotFoundError, ValidationError } from "@/lib/http/errors";
import { recordAudit } from "../audit";
import { getReadableMachine, machineAudit } from "../machines/machines";
import { notifyMachineChanged } from "../machines/notify";
import { inTx } from "../tx";
import { isBmcContactBlocked, refreshBmcNetworkFlags } from "./bmc-networks";

/**
 * The BMC of each machine: how to reach it (reported by the machine agent at registration, or
 * set by an operator) and what the poller last read. The password is stored only sealed
 * (AES-256-GCM, bound to the machine id) and is never selected into a DTO, a log or an audit entry.
 */
/** A BMC row, with its partition's default boot mode where it was loaded (loadBmcRow). */
type BmcRow = typeof machineBmcs.$inferSelect & { partitionBootMode?: BootMode };
type BmcReport = z.infer<typeof bmcReportSchema>;

export { BMC_OUTDATED_AFTER_MS } from "@/lib/domain/bmc/outdated";

function secretKey(): Buffer {
  const raw = getEnv().bmc.secretKey;
  if (!raw) throw new Error("BMC_SECRET_KEY is not configured: BMC passwords can be neither stored nor used");
  return parseSecretKey(raw);
}

export function sealBmcPassword(machineId: string, password: string): string {
  return sealSecret(secretKey(), password, machineId);
}

/** The connection for a driver, password decrypted just now. Throws a message fit for a failed command. */
export function bmcConnectionOf(row: BmcRow): BmcConnection {
  const password = row.passwordEnc ? openSecret(secretKey(), row.passwordEnc, row.machineId) : "";
  return {
    protocol: row.protocol, address: row.address, user: row.user, password, insecureTls: row.insecureTls,
    settleMs: getEnv().bmc.settleMs, bootMode: effectiveBootMode(row), ...(row.systemId ? { systemId: row.systemId } : {}),
  };
}

/** The machine's own boot mode, else its partition's, else UEFI. */
const effectiveBootMode = (row: BmcRow): BootMode => row.bootMode ?? row.partitionBootMode ?? "uefi";

/** The poller's job (lib/jobs/registry.ts): it polls every BMC whose poll is due. */
export const BMC_POLL_JOB = "bmc.poll";

export async function loadBmcRow(ex: Executor, machineId: string): Promise<BmcRow | undefined> {
  const [row] = await ex.select({ ...getTableColumns(machineBmcs), partitionBootMode: partitions.bootMode }).from(machineBmcs)
    .innerJoin(machines, eq(machines.id, machineBmcs.machineId)).innerJoin(partitions, eq(partitions.id, machines.partitionId))
    .where(eq(machineBmcs.machineId, machineId)).limit(1);
  return row;
}

/**
 * The agent's report at registration. An operator-managed connection is left alone (the operator
 * fixed what the machine reports). Without BMC_SECRET_KEY the connection is kept without the
 * password, and the missing key is shown as the BMC's error rather than failing the registration.
 * The reported BMC is read at once (a poll job on commit), so a new machine's panel is filled
 * within seconds instead of at the poller's next tick.
 */
export async function saveReportedBmc(tx: Executor, machineId: string, report: BmcReport, now = new Date()): Promise<void> {
  const existing = await loadBmcRow(tx, machineId);
  if (existing?.operatorManaged) return;
  let passwordEnc = existing?.passwordEnc ?? "";
  let problem: string | null = null;
  if (report.password) {
    try {
      passwordEnc = sealBmcPassword(machineId, report.password);
    } catch (err) {
      problem = (err as Error).message;
    }
  }
  const values = { protocol: report.protocol, address: report.address, mac: report.mac, user: report.user, passwordEnc, nextPollAt: now, updatedAt: now, ...(problem ? { lastPollError: problem } : {}) };
  await tx.insert(machineBmcs).values({ machineId, ...values }).onConflictDoUpdate({ target: machineBmcs.machineId, set: values });
  // A reported address is contacted only inside the partition's BMC networks (or once approved).
  await refreshBmcNetworkFlags(tx, { machineId });
  await sendInTx(tx, BMC_POLL_JOB, {});
}

export function toBmcDto(row: BmcRow, withConnection: boolean, now = new Date()): BmcDto {
  const info = row.info;
  const okAt = row.lastPollOkAt ?? null;
  return {
    machineId: row.machineId,
    protocol: row.protocol,
    powerState: info?.powerState ?? null,
    identifyOn: info?.identifyOn ?? null,
    manufacturer: info?.manufacturer ?? "",
    model: info?.model ?? "",
    serial: info?.serial ?? "",
    firmwareVersion: info?.firmwareVersion ?? "",
    biosVersion: info?.biosVersion ?? "",
    powerWatts: info?.powerWatts ?? null,
    powerSupplies: info?.powerSupplies ?? [],
    lastPollAt: row.lastPollAt?.toISOString() ?? null,
    lastPollOkAt: okAt?.toISOString() ?? null,
    lastPollError: row.lastPollError,
    outdated: isBmcOutdated(okAt, row.createdAt, now),
    connection: withConnection
      ? {
        address: row.address, mac: row.mac, user: row.user, passwordSet: row.passwordEnc !== "", insecureTls: row.insecureTls, operatorManaged: row.operatorManaged,
        systemId: row.systemId, discoveredSystems: row.discoveredSystems, bootMode: row.bootMode ?? null, effectiveBootMode: effectiveBootMode(row),
      }
      : null,
    notContacted: isBmcContactBlocked(row),
  };
}

const isOperator = (actor: Actor) => can(actor.principal.grants, "infra.read", { kind: "global" });

/** The BMC panel of a machine the caller may read; operators also see how it is reached. */
export async function getMachineBmc(actor: Actor, machineId: string): Promise<BmcDto> {
  const db = await getDb();
  await getReadableMachine(db, actor, machineId);
  const row = await loadBmcRow(db, machineId);
  if (!row) throw new NotFoundError("BMC of machine", machineId);
  return toBmcDto(row, isOperator(actor));
}

/**
 * Operators set or correct the connection; from then on the agent's reports no longer overwrite
 * it. The BMC is due for a poll at once and a poll job is sent on commit, so the panel shows
 * within seconds whether the new settings work (readings, or the error), not at the next tick.
 */
export async function updateMachineBmc(actor: Actor, machineId: string, input: UpdateBmcInput, tx?: Executor): Promise<BmcDto> {
  return inTx(tx, async (t) => {
    const machine = await getReadableMachine(t, actor, machineId, true);
    if (!can(actor.principal.grants, "infra.write", { kind: "global" })) throw new ForbiddenError("Only operators can change how a BMC is reached.");
    const before = await loadBmcRow(t, machineId);
    if (!before && (!input.protocol || !input.address)) {
      throw new ValidationError([
        ...(input.protocol ? [] : [{ field: "body.protocol", message: "is required: this machine has no BMC yet" }]),
        ...(input.address ? [] : [{ field: "body.address", message: "is required: this machine has no BMC yet" }]),
      ]);
    }
    const { password, ...plain } = input;
    const now = new Date();
    // The operator saw and saved this address: it is approved, inside the BMC networks or not.
    const approvedAddress = input.address ?? before?.address;
    const values = { ...plain, ...(password ? { passwordEnc: sealBmcPassword(machineId, password) } : {}), operatorManaged: true, approvedAddress, nextPollAt: now, updatedAt: now };
    // An UPDATE when the BMC exists: an INSERT … ON CONFLICT checks NOT NULL on the proposed row
    // first, so a change of the password alone would fail on the missing protocol and address.
    if (before) await t.update(machineBmcs).set(values).where(eq(machineBmcs.machineId, machineId));
    else await t.insert(machineBmcs).values({ machineId, protocol: input.protocol!, address: input.address!, ...values });
    await refreshBmcNetworkFlags(t, { machineId });
    await sendInTx(t, BMC_POLL_JOB, {});
    await notifyMachineChanged(t, machineId);
    const after = (await loadBmcRow(t, machineId))!;
    await recordAudit(t, actor, {
      action: "machine.bmc.update", ...machineAudit(machine),
      before: before ? toBmcDto(before, true, now).connection : null,
      after: { ...toBmcDto(after, true, now).connection, protocol: after.protocol, passwordChanged: password !== undefined },
    });
    return toBmcDto(after, true, now);
  });
}
