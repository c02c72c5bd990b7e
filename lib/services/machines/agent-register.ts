import { and, asc, eq, gt } from "drizzle-orm";
import type { z } from "zod";
import type { RegisterMachineInput, registerMachineDto } from "@/lib/contracts/agent";
import { MACHINE_CREDENTIAL_PREFIX } from "@/lib/contracts/endpoints-boot";
import type { Executor, Tx } from "@/lib/db/client";
import { machineProvisioning, machines, sizes } from "@/lib/db/schema";
import { matchSize } from "@/lib/domain/catalog";
import { emptyContainer } from "@/lib/domain/lifecycle";
import { ConflictError, ForbiddenError, UnavailableError } from "@/lib/http/errors";
import { recordAudit } from "../audit";
import { saveReportedBmc } from "../bmc/records";
import { getPartitionRow } from "../catalog/partitions";
import { inTx } from "../tx";
import { assertBootSource } from "./agent-ipxe";
import { type AgentPrincipal, agentActor, assertNotSwitchAgent } from "./agent-auth";
import { rackFromNeighbours } from "@/lib/domain/fabric/rack";
import { generateAgentSecret } from "./agent-secrets";
import { notifyMachineChanged } from "./notify";
import { saveMachineConnections } from "../switches/connections";

export type RegisterMachineDto = z.infer<typeof registerMachineDto>;
type MachineRow = Pick<typeof machines.$inferSelect, "partitionId" | "rack" | "sizeId" | "hardware">;

/**
 * What machines.hardware holds: the agent's inventory (cpus, memoryBytes, disks, gpus, nics
 * with LLDP neighbours) and, under `bmc`, the BMC report WITHOUT its password (the connection,
 * password sealed, goes to machine_bmcs, see lib/services/bmc/records.ts). BMC fields other
 * workers add (power state, …) survive a re-registration; a report without `bmc` keeps the old one.
 */
function storedHardware(input: RegisterMachineInput, previous: unknown): Record<string, unknown> {
  const previousBmc = (previous as { bmc?: Record<string, unknown> } | null)?.bmc;
  const bmc = input.bmc ? (({ password: _password, ...rest }) => rest)(input.bmc) : undefined;
  return { ...input.hardware, ...(bmc || previousBmc ? { bmc: { ...previousBmc, ...bmc } } : {}) };
}

async function derivedSizeId(t: Tx, hardware: RegisterMachineInput["hardware"]): Promise<string | null> {
  const all = await t.select({ id: sizes.id, constraints: sizes.constraints }).from(sizes).orderBy(asc(sizes.id));
  const match = matchSize(hardware, all);
  return match.kind === "match" ? match.sizeId : null;
}

async function upsertMachine(t: Tx, agent: AgentPrincipal, input: RegisterMachineInput, existing: MachineRow | undefined, values: { sizeId: string | null; rack: string; hardware: Record<string, unknown> }) {
  const now = new Date();
  if (existing) {
    await t.update(machines).set({ ...values, updatedAt: now }).where(eq(machines.id, input.uuid));
    return;
  }
  const inserted = await t.insert(machines).values({ id: input.uuid, partitionId: agent.partitionId, ...values }).onConflictDoNothing().returning({ id: machines.id });
  // The same machine registering twice at once (a retry racing the first attempt): let it retry.
  if (inserted.length === 0) throw new UnavailableError(`machine ${input.uuid} is being registered by another request; retry.`, 1);
}

/**
 * A known machine registers again only with its own credential (mmc_…, which its agent keeps), or
 * once within an operator's re-enroll window (consumed here): the partition boot credential, which
 * every iPXE script carries, must not let anyone re-register an existing UUID and so take over its
 * credential, hardware record and BMC. Unknown UUIDs register with the partition credential as before.
 */
async function assertMayReregister(t: Tx, agent: AgentPrincipal, machineId: string): Promise<"own-credential" | "re-enroll"> {
  if (agent.machineId === machineId) return "own-credential";
  const [consumed] = await t.update(machineProvisioning).set({ reenrollUntil: null, updatedAt: new Date() })
    .where(and(eq(machineProvisioning.machineId, machineId), gt(machineProvisioning.reenrollUntil, new Date())))
    .returning({ machineId: machineProvisioning.machineId });
  if (consumed) return "re-enroll";
  throw new ForbiddenError(`machine ${machineId} is already registered: register with its own machine credential, or ask an operator to allow a re-enrollment.`, "reenroll_required");
}

/**
 * Registration: create or update the machine (id = hardware UUID) in the credential's partition,
 * derive its size and rack, and issue a new machine credential (the previous one stops working).
 * One transaction; the audit entry records the registration, never the credential.
 */
export async function registerMachine(agent: AgentPrincipal, input: RegisterMachineInput, opts: { requestId?: string; source?: string | null } = {}, tx?: Executor): Promise<RegisterMachineDto> {
  const { requestId } = opts;
  assertNotSwitchAgent(agent);
  if (agent.machineId !== undefined && agent.machineId !== input.uuid) {
    throw new ForbiddenError("This machine credential belongs to another machine.");
  }
  return inTx(tx, async (t) => {
    assertBootSource(await getPartitionRow(t, agent.partitionId), opts.source ?? null);
    const [existing] = await t.select({ partitionId: machines.partitionId, rack: machines.rack, sizeId: machines.sizeId, hardware: machines.hardware })
      .from(machines).where(eq(machines.id, input.uuid)).limit(1).for("no key update");
    if (existing && existing.partitionId !== agent.partitionId) {
      throw new ConflictError(`machine ${input.uuid} is registered in another partition; an operator must delete it there first.`, "machine_in_other_partition");
    }
    const how = existing ? await assertMayReregister(t, agent, input.uuid) : null;
    const sizeId = await derivedSizeId(t, input.hardware);
    const rack = input.rack ?? rackFromNeighbours(input.hardware.nics) ?? existing?.rack ?? "";
    await upsertMachine(t, agent, input, existing, { sizeId, rack, hardware: storedHardware(input, existing?.hardware) });
    if (input.bmc) await saveReportedBmc(t, input.uuid, input.bmc);
    const cabling = await saveMachineConnections(t, input.uuid, agent.partitionId, input.hardware.nics);

    const credential = generateAgentSecret(MACHINE_CREDENTIAL_PREFIX);
    await t.insert(machineProvisioning).values({ machineId: input.uuid, container: emptyContainer(), credentialHash: credential.hash })
      .onConflictDoUpdate({ target: machineProvisioning.machineId, set: { credentialHash: credential.hash, updatedAt: new Date() } });

    const after = { partitionId: agent.partitionId, sizeId, rack, cablingIssue: cabling.issue, credentialIssued: true, ...(how ? { authorisedBy: how } : {}) };
    await recordAudit(t, agentActor(agent, requestId), {
      action: existing ? "machine.reregister" : "machine.register",
      targetType: "machine",
      targetId: input.uuid,
      before: existing ? { partitionId: existing.partitionId, sizeId: existing.sizeId, rack: existing.rack } : undefined,
      after,
    });
    await notifyMachineChanged(t, input.uuid);
    return { machineId: input.uuid, partitionId: agent.partitionId, sizeId, rack, credential: credential.secret };
  });
}
