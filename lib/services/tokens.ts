import { and, desc, eq, isNull, lt, sql, type SQL } from "drizzle-orm";
import { grantKey, grantsCover, intersectGrants, normaliseGrants, type Grant, type Role } from "@/lib/auth/grants";
import type { Actor, Principal } from "@/lib/auth/principal";
import { isAdmin } from "@/lib/auth/permissions";
import { expiryProblem, generateToken, hashToken, isTokenUsable, looksLikeToken } from "@/lib/auth/tokens";
import type { CreatedTokenDto, CreateTokenInput, TokenDto } from "@/lib/contracts/tokens";
import { getDb, type Executor } from "@/lib/db/client";
import { prepare, runPrepared } from "@/lib/db/prepared";
import { apiTokens } from "@/lib/db/schema";
import { uuidv7 } from "@/lib/domain/ids";
import { ForbiddenError, NotFoundError, ValidationError } from "@/lib/http/errors";
import { decodeCursor, type PaginationQuery, toPage } from "@/lib/http/pagination";
import { recordAudit } from "./audit";
import { grantProblems, grantProblemsFrom } from "./grant-facts";
import { assertGateOpen, consumeOrThrow, throttleGate } from "./throttle";
import { inTx } from "./tx";
import { computeUserGrants, getUserById, type MembershipFact, userGrantsFrom } from "./users";

type TokenRow = typeof apiTokens.$inferSelect;

export function toTokenDto(t: TokenRow, now = new Date()): TokenDto {
  return {
    id: t.id,
    description: t.description,
    prefix: t.prefix,
    roles: t.grants,
    expiresAt: t.expiresAt.toISOString(),
    lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
    revokedAt: t.revokedAt?.toISOString() ?? null,
    createdAt: t.createdAt.toISOString(),
    status: t.revokedAt ? "revoked" : t.expiresAt <= now ? "expired" : "active",
  };
}

/**
 * Roles a new token may carry: each must be a fact of the database (its tenant exists, its project
 * exists in that tenant) and be covered by a grant its owner holds right now.
 */
async function checkRoles(ex: Executor, wanted: Grant[], held: Grant[]): Promise<void> {
  const problems = await grantProblems(ex, wanted);
  const errors = wanted.flatMap((g, i) => {
    const problem = problems[i] ?? (grantsCover(held, g) ? null : `${grantKey(g)} is above your own roles`);
    return problem ? [{ field: `body.roles.${i}`, message: problem }] : [];
  });
  if (errors.length) throw new ValidationError(errors);
}

/**
 * Mints a token for `ownerId` (the caller itself, or a named user for the shell bootstrap).
 * Roles are capped by the owner's grants and, for token callers, by the calling token's grants.
 */
export async function createToken(actor: Actor, input: CreateTokenInput, opts: { ownerId?: string; tx?: Executor } = {}): Promise<CreatedTokenDto> {
  const p = actor.principal;
  const ownerId = opts.ownerId ?? p.userId;
  if (!ownerId) throw new ForbiddenError("Only users own API tokens.");
  if (opts.ownerId && opts.ownerId !== p.userId && p.kind !== "system") throw new ForbiddenError("Tokens can only be created for yourself.");
  // Shell bootstraps (system) are not throttled; people and their tokens are, per owner.
  if (p.kind !== "system") await consumeOrThrow("tokenCreate", ownerId);
  const expiry = expiryProblem(input.expiresAt);
  if (expiry) throw new ValidationError([{ field: "body.expiresAt", message: expiry }]);
  return inTx(opts.tx, async (t) => {
    const owner = await getUserById(t, ownerId);
    if (!owner) throw new NotFoundError("User", ownerId);
    const ownerGrants = await computeUserGrants(t, owner);
    await checkRoles(t, input.roles, p.kind === "system" ? ownerGrants : intersectGrants(ownerGrants, p.grants));
    const { secret, hash, prefix } = generateToken();
    const [row] = await t.insert(apiTokens).values({
      id: uuidv7(), userId: owner.id, description: input.description, grants: input.roles,
      secretHash: hash, prefix, expiresAt: input.expiresAt,
    }).returning();
    const dto = toTokenDto(row);
    await recordAudit(t, actor, { action: "token.create", targetType: "token", targetId: row.id, after: { ...dto, owner: owner.email } });
    return { ...dto, secret };
  });
}

export async function listTokens(actor: Actor, q: PaginationQuery & { includeRevoked?: boolean }) {
  const userId = actor.principal.userId;
  if (!userId) return { items: [], nextCursor: null };
  const where: SQL[] = [eq(apiTokens.userId, userId)];
  if (!q.includeRevoked) where.push(isNull(apiTokens.revokedAt));
  const after = decodeCursor(q.cursor);
  if (after !== undefined) where.push(lt(apiTokens.id, String(after)));
  const db = await getDb();
  const rows = await db.select().from(apiTokens).where(and(...where)).orderBy(desc(apiTokens.id)).limit(q.limit + 1);
  return toPage(rows, q.limit, (r) => r.id, (r) => toTokenDto(r));
}

/** Own tokens only; operators (admin editors) may also see and revoke anyone's. */
async function getVisibleToken(ex: Executor, actor: Actor, id: string, forUpdate = false): Promise<TokenRow> {
  const q = ex.select().from(apiTokens).where(eq(apiTokens.id, id)).limit(1);
  const [row] = forUpdate ? await q.for("update") : await q;
  if (!row || (row.userId !== actor.principal.userId && !isAdmin(actor.principal.grants, "editor"))) throw new NotFoundError("Token", id);
  return row;
}

export async function getToken(actor: Actor, id: string): Promise<TokenDto> {
  return toTokenDto(await getVisibleToken(await getDb(), actor, id));
}

export async function updateToken(actor: Actor, id: string, input: { description: string }, tx?: Executor): Promise<TokenDto> {
  return inTx(tx, async (t) => {
    const before = await getVisibleToken(t, actor, id, true);
    const [row] = await t.update(apiTokens).set({ description: input.description, updatedAt: new Date() }).where(eq(apiTokens.id, id)).returning();
    await recordAudit(t, actor, { action: "token.update", targetType: "token", targetId: id, before: toTokenDto(before), after: toTokenDto(row) });
    return toTokenDto(row);
  });
}

/** Revocation keeps the row (for the audit trail); a revoked token authenticates nothing. */
export async function revokeToken(actor: Actor, id: string, tx?: Executor): Promise<TokenDto> {
  return inTx(tx, async (t) => {
    const before = await getVisibleToken(t, actor, id, true);
    if (before.revokedAt) return toTokenDto(before);
    const [row] = await t.update(apiTokens).set({ revokedAt: new Date(), updatedAt: new Date() }).where(eq(apiTokens.id, id)).returning();
    await recordAudit(t, actor, { action: "token.revoke", targetType: "token", targetId: id, before: toTokenDto(before), after: toTokenDto(row) });
    return toTokenDto(row);
  });
}

const LAST_USED_RESOLUTION_MS = 60_000;

type Gate = Awaited<ReturnType<typeof throttleGate>>;
type AuthFacts = {
  failed: { points: number; expire: string | null } | null;
  token: { id: string; userId: string; grants: Grant[]; expiresAt: string; lastUsedAt: string | null; revokedAt: string | null } | null;
  owner: { id: string; email: string; name: string; groups: string[] } | null;
  memberships: MembershipFact[];
  groupTenants: { id: string; groupRoles: Record<string, Role> }[];
  knownTenants: string[];
  projectTenants: Record<string, string>;
};

/**
 * Everything a bearer token's principal is built from, in ONE statement (it was seven round
 * trips per API request): the client address's failed-authentication counter, the token, its
 * owner, the owner's memberships and group-mapped tenants, and the facts the grants are checked
 * against (grant-facts.ts: which of the named tenants exist, which tenant each named project is
 * in). Read fresh on every request — nothing is cached — so a revoked token, a removed
 * membership or a moved project takes effect on the very next request.
 */
const authFactsStatement = (gated: boolean) => prepare(gated ? "auth_facts_gated" : "auth_facts", sql`
    with t as (
      select id, user_id, grants, expires_at, last_used_at, revoked_at from api_tokens where secret_hash = ${sql.placeholder("hash")}
    ), u as (
      select u.id, u.email, u.name, u.groups from users u join t on u.id = t.user_id
    ), ms as (
      select m.scope, m.tenant_id, m.project_id, m.role from memberships m join u on m.user_id = u.id
    ), gt as (
      select tn.id, tn.group_roles from tenants tn, u where jsonb_typeof(u.groups) = 'array' and tn.group_roles ?| array(select jsonb_array_elements_text(u.groups))
    ), named as (
      select g->>'tenantId' as tid, g->>'projectId' as pid from t, jsonb_array_elements(t.grants) g
      union all select tenant_id, project_id from ms
    )
    select
      ${gated ? sql`(select json_build_object('points', points, 'expire', expire) from rate_limits where key = ${sql.placeholder("gateKey")} and (expire > now() or expire is null))` : sql`null::json`} as failed,
      (select json_build_object('id', id, 'userId', user_id, 'grants', grants, 'expiresAt', expires_at, 'lastUsedAt', last_used_at, 'revokedAt', revoked_at) from t) as token,
      (select json_build_object('id', id, 'email', email, 'name', name, 'groups', groups) from u) as owner,
      (select coalesce(json_agg(json_build_object('scope', scope, 'tenantId', tenant_id, 'projectId', project_id, 'role', role)), '[]') from ms) as memberships,
      (select coalesce(json_agg(json_build_object('id', id, 'groupRoles', group_roles)), '[]') from gt) as "groupTenants",
      (select coalesce(json_agg(id), '[]') from tenants where id in (select tid from named union select id from gt)) as "knownTenants",
      (select coalesce(json_object_agg(id, tenant_id), '{}') from projects where id in (select pid from named)) as "projectTenants"`);
/** Prepared (lib/db/prepared.ts): every API request runs it. */
const authFacts = { plain: authFactsStatement(false), gated: authFactsStatement(true) };

async function readAuthFacts(ex: Executor, hash: string, gate: Gate | null): Promise<AuthFacts> {
  const [facts] = gate
    ? await runPrepared<AuthFacts>(ex, authFacts.gated, { hash, gateKey: gate.storedKey })
    : await runPrepared<AuthFacts>(ex, authFacts.plain, { hash });
  return facts;
}

/**
 * Bearer authentication: null for unknown, expired or revoked tokens (the caller answers 401).
 * With `throttle` (the failed-bearer counter of the client's address, see authenticate.ts) the
 * counter is read in the same statement, and a used-up address is refused with 429 first.
 */
export async function authenticateToken(secret: string, throttle?: Gate): Promise<Principal | null> {
  if (!looksLikeToken(secret)) return null;
  const db = await getDb();
  const facts = await readAuthFacts(db, hashToken(secret), throttle ?? null);
  if (throttle) assertGateOpen(throttle, facts.failed && { points: facts.failed.points, expire: facts.failed.expire ? new Date(facts.failed.expire) : null });
  const { token, owner } = facts;
  if (!token || !owner) return null;
  const row = { ...token, expiresAt: new Date(token.expiresAt), lastUsedAt: token.lastUsedAt ? new Date(token.lastUsedAt) : null, revokedAt: token.revokedAt ? new Date(token.revokedAt) : null };
  if (!isTokenUsable(row)) return null;
  const now = new Date();
  // Recording every use would turn each API read into a write; a minute's resolution is enough.
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
    await db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, row.id));
  }
  const known = new Set(facts.knownTenants);
  const projectTenant = new Map(Object.entries(facts.projectTenants));
  const verified = (grants: Grant[]) => grants.filter((_, i) => grantProblemsFrom(grants, known, projectTenant)[i] === null);
  // As computeUserGrants and verifyGrants do, over the facts read above: the owner's grants now,
  // the token's cut down to them, each a fact of the database.
  const ownerGrants = normaliseGrants(verified(userGrantsFrom(owner.groups, facts.groupTenants, facts.memberships)));
  return {
    kind: "token",
    userId: owner.id,
    tokenId: row.id,
    name: owner.name || owner.email,
    email: owner.email,
    grants: verified(intersectGrants(row.grants, ownerGrants)),
  };
}
