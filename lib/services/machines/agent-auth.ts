import { eq } from "drizzle-orm";
import type { Actor } from "@/lib/auth/principal";
import { hashToken } from "@/lib/auth/tokens";
import { BOOT_CREDENTIAL_PREFIX, MACHINE_CREDENTIAL_PREFIX } from "@/lib/contracts/endpoints-boot";
import { getDb, type Executor } from "@/lib/db/client";
import { SWITCH_CREDENTIAL_PREFIX } from "@/lib/contracts/switches";
import { machineProvisioning, machines, switches } from "@/lib/db/schema";
import { ForbiddenError, NotFoundError } from "@/lib/http/errors";
import { looksLikeAgentSecret } from "./agent-secrets";
import { findBootCredential } from "./boot-credentials";

/**
 * Who an agent request speaks for. A partition boot credential (mbc_…) only names the
 * partition: it may register machines and send their events, nothing else. A machine
 * credential (mmc_…, issued at registration) names one machine of that partition; a switch
 * credential (msc_…, issued at switch registration) names one switch and nothing else.
 * Kept apart from the user Principal so that no agent can ever pass a user permission check.
 */
export type AgentPrincipal = {
  partitionId: string;
  machineId?: string;
  /** A switch agent's own credential: it speaks for this switch only, never for machines. */
  switchId?: string;
  /** The partition boot credential's id, when that is what authenticated. */
  bootCredentialId?: string;
};

async function findMachineCredential(secret: string): Promise<AgentPrincipal | null> {
  const db = await getDb();
  const [row] = await db
    .select({ machineId: machineProvisioning.machineId, partitionId: machines.partitionId })
    .from(machineProvisioning)
    .innerJoin(machines, eq(machines.id, machineProvisioning.machineId))
    .where(eq(machineProvisioning.credentialHash, hashToken(secret)))
    .limit(1);
  return row ? { partitionId: row.partitionId, machineId: row.machineId } : null;
}

async function findSwitchCredential(secret: string): Promise<AgentPrincipal | null> {
  const db = await getDb();
  const [row] = await db.select({ id: switches.id, partitionId: switches.partitionId }).from(switches).where(eq(switches.credentialHash, hashToken(secret))).limit(1);
  return row ? { partitionId: row.partitionId, switchId: row.id } : null;
}

/** A switch credential must never pass for a partition boot credential on the machine protocol. */
export function assertNotSwitchAgent(agent: AgentPrincipal): void {
  if (agent.switchId !== undefined) throw new ForbiddenError("A switch credential speaks for its switch only, not for machines.", "switch_credential");
}

/** Bearer authentication for /api/boot: null for anything that is not a live agent credential. */
export async function authenticateAgentCredential(secret: string): Promise<AgentPrincipal | null> {
  if (looksLikeAgentSecret(secret, BOOT_CREDENTIAL_PREFIX)) {
    const cred = await findBootCredential(secret);
    return cred ? { partitionId: cred.partitionId, bootCredentialId: cred.id } : null;
  }
  if (looksLikeAgentSecret(secret, MACHINE_CREDENTIAL_PREFIX)) return findMachineCredential(secret);
  if (looksLikeAgentSecret(secret, SWITCH_CREDENTIAL_PREFIX)) return findSwitchCredential(secret);
  return null;
}

/**
 * The machine an agent request is about, if the credential may speak for it:
 * - a machine credential only for its own machine (403 for any other id);
 * - a partition boot credential, where allowed, for machines of its partition (others: 404,
 *   so a credential of one partition cannot probe another's inventory).
 */
export async function getMachineForAgent(
  ex: Executor,
  agent: AgentPrincipal,
  machineId: string,
  accepts: "machine-credential" | "machine-or-partition-credential",
): Promise<{ id: string; partitionId: string }> {
  assertNotSwitchAgent(agent);
  if (agent.machineId !== undefined && agent.machineId !== machineId) {
    throw new ForbiddenError("This machine credential belongs to another machine.");
  }
  if (agent.machineId === undefined && accepts === "machine-credential") {
    throw new ForbiddenError("This call needs the machine's own credential (mmc_…, issued at registration), not the partition boot credential.");
  }
  const [machine] = await ex.select({ id: machines.id, partitionId: machines.partitionId }).from(machines).where(eq(machines.id, machineId)).limit(1);
  if (!machine || machine.partitionId !== agent.partitionId) throw new NotFoundError("Machine", machineId);
  return machine;
}

/**
 * The audit actor for what an agent does (registration issues a credential). A system-kind
 * principal without grants: it names the agent in the log and can authorise nothing.
 */
export function agentActor(agent: AgentPrincipal, requestId?: string): Actor {
  const via = agent.switchId ? `switch credential of ${agent.switchId}` : agent.machineId ? `machine credential of ${agent.machineId}` : `boot credential ${agent.bootCredentialId ?? "?"}`;
  return { principal: { kind: "system", userId: null, name: `${agent.switchId ? "switch" : "machine"} agent (partition ${agent.partitionId}, ${via})`, email: "", grants: [] }, requestId };
}
