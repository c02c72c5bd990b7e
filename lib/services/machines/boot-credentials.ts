import { and, desc, eq, isNull, lt, type SQL } from "drizzle-orm";
import { can } from "@/lib/auth/permissions";
import type { Actor } from "@/lib/auth/principal";
import { hashToken } from "@/lib/auth/tokens";
import {
  BOOT_CREDENTIAL_PREFIX,
  type BootCredentialDto,
  type CreateBootCredentialInput,
  type CreatedBootCredentialDto,
  type ListBootCredentialsQuery,
} from "@/lib/contracts/endpoints-boot";
import { getDb, type Executor, type Tx } from "@/lib/db/client";
import { partitionBootCredentials } from "@/lib/db/schema";
import { uuidv7 } from "@/lib/domain/ids";
import { getEnv } from "@/lib/env";
import { ForbiddenError, NotFoundError } from "@/lib/http/errors";
import { decodeCursor, toPage } from "@/lib/http/pagination";
import { recordAudit } from "../audit";
import { getPartitionRow } from "../catalog/partitions";
import { inTx } from "../tx";
import { deriveAgentSecret, generateAgentSecret, looksLikeAgentSecret } from "./agent-secrets";

/**
 * Partition boot credentials: what a PXE-booted agent presents before it has registered and
 * received its own machine credential. Operators create (secret shown once), list and revoke
 * them; rotation is create-new, roll out, revoke-old. Only the sha256 is stored.
 */
type BootCredentialRow = typeof partitionBootCredentials.$inferSelect;

/** The description that marks the one credential the iPXE endpoint embeds (see ensureIpxeCredential). */
export const IPXE_CREDENTIAL_DESCRIPTION = "ipxe";

export function toBootCredentialDto(r: BootCredentialRow): BootCredentialDto {
  return {
    id: r.id,
    partitionId: r.partitionId,
    description: r.description,
    prefix: r.prefix,
    createdAt: r.createdAt.toISOString(),
    revokedAt: r.revokedAt?.toISOString() ?? null,
    status: r.revokedAt ? "revoked" : "active",
  };
}

function assertInfra(actor: Actor, action: "infra.read" | "infra.write"): void {
  if (!can(actor.principal.grants, action, { kind: "global" })) {
    throw new ForbiddenError(action === "infra.write" ? "Only operators can manage boot credentials." : "Only operators can see boot credentials.");
  }
}

async function insertCredential(t: Tx, actor: Actor, partitionId: string, description: string, make: (id: string) => { secret: string; hash: string; prefix: string }) {
  const id = uuidv7();
  const { secret, hash, prefix } = make(id);
  const [row] = await t.insert(partitionBootCredentials).values({ id, partitionId, description, secretHash: hash, prefix }).returning();
  const dto = toBootCredentialDto(row);
  await recordAudit(t, actor, { action: "boot-credential.create", targetType: "boot-credential", targetId: id, after: dto });
  return { ...dto, secret };
}

export async function createBootCredential(actor: Actor, partitionId: string, input: CreateBootCredentialInput, tx?: Executor): Promise<CreatedBootCredentialDto> {
  assertInfra(actor, "infra.write");
  return inTx(tx, async (t) => {
    // FOR SHARE: the partition cannot be deleted until the credential is committed.
    await getPartitionRow(t, partitionId, "share");
    return insertCredential(t, actor, partitionId, input.description, () => generateAgentSecret(BOOT_CREDENTIAL_PREFIX));
  });
}

export async function listBootCredentials(actor: Actor, partitionId: string, q: ListBootCredentialsQuery) {
  assertInfra(actor, "infra.read");
  const db = await getDb();
  await getPartitionRow(db, partitionId);
  const where: SQL[] = [eq(partitionBootCredentials.partitionId, partitionId)];
  if (!q.includeRevoked) where.push(isNull(partitionBootCredentials.revokedAt));
  const after = decodeCursor(q.cursor);
  if (after !== undefined) where.push(lt(partitionBootCredentials.id, String(after)));
  const rows = await db.select().from(partitionBootCredentials).where(and(...where)).orderBy(desc(partitionBootCredentials.id)).limit(q.limit + 1);
  return toPage(rows, q.limit, (r) => r.id, toBootCredentialDto);
}

/** Revocation keeps the row for the audit trail; agents holding the secret get 401 from now on. */
export async function revokeBootCredential(actor: Actor, partitionId: string, credentialId: string, tx?: Executor): Promise<BootCredentialDto> {
  assertInfra(actor, "infra.write");
  return inTx(tx, async (t) => {
    const [before] = await t.select().from(partitionBootCredentials)
      .where(and(eq(partitionBootCredentials.id, credentialId), eq(partitionBootCredentials.partitionId, partitionId))).limit(1).for("update");
    if (!before) throw new NotFoundError("Boot credential", credentialId);
    if (before.revokedAt) return toBootCredentialDto(before);
    const [row] = await t.update(partitionBootCredentials).set({ revokedAt: new Date() }).where(eq(partitionBootCredentials.id, credentialId)).returning();
    const dto = toBootCredentialDto(row);
    await recordAudit(t, actor, { action: "boot-credential.revoke", targetType: "boot-credential", targetId: credentialId, before: toBootCredentialDto(before), after: dto });
    return dto;
  });
}

/** The live credential with this secret, or null (unknown, malformed or revoked). */
export async function findBootCredential(secret: string): Promise<{ id: string; partitionId: string } | null> {
  if (!looksLikeAgentSecret(secret, BOOT_CREDENTIAL_PREFIX)) return null;
  const db = await getDb();
  const [row] = await db.select({ id: partitionBootCredentials.id, partitionId: partitionBootCredentials.partitionId })
    .from(partitionBootCredentials)
    .where(and(eq(partitionBootCredentials.secretHash, hashToken(secret)), isNull(partitionBootCredentials.revokedAt)))
    .limit(1);
  return row ?? null;
}

/**
 * The iPXE credential's secret is derived from the server key and the credential's id, so the
 * iPXE endpoint can embed it in every script while the database still holds only its hash.
 * Changing the server key (AUTH_SECRET) makes old iPXE credentials underivable: a new one is
 * created, and the old ones keep working for agents already booted until an operator revokes them.
 */
function ipxeSecret(credentialId: string) {
  return deriveAgentSecret(BOOT_CREDENTIAL_PREFIX, getEnv().auth.secret, `partition-boot-credential/ipxe/${credentialId}`);
}

async function usableIpxeSecret(t: Tx, partitionId: string): Promise<string | null> {
  const rows = await t.select().from(partitionBootCredentials)
    .where(and(eq(partitionBootCredentials.partitionId, partitionId), eq(partitionBootCredentials.description, IPXE_CREDENTIAL_DESCRIPTION), isNull(partitionBootCredentials.revokedAt)))
    .orderBy(desc(partitionBootCredentials.id));
  for (const row of rows) {
    const derived = ipxeSecret(row.id);
    if (derived.hash === row.secretHash) return derived.secret;
  }
  return null;
}

/**
 * The secret of the partition's iPXE credential, created on first use (and again after an
 * operator revoked it: that is how the iPXE credential is rotated). Two first requests at once
 * are serialised on the partition row, so exactly one credential is created.
 */
export async function ensureIpxeCredential(t: Tx, partitionId: string, actor: Actor): Promise<string> {
  const existing = await usableIpxeSecret(t, partitionId);
  if (existing) return existing;
  await getPartitionRow(t, partitionId, "update");
  const again = await usableIpxeSecret(t, partitionId);
  if (again) return again;
  return (await insertCredential(t, actor, partitionId, IPXE_CREDENTIAL_DESCRIPTION, ipxeSecret)).secret;
}
