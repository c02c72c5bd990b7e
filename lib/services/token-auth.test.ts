import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as meRoute from "@/app/api/v1/me/route";
import type { Grant } from "@/lib/auth/grants";
import { intersectGrants } from "@/lib/auth/grants";
import type { Database } from "@/lib/db/client";
import { freshDatabase, testEngines } from "@/lib/test/databases";
import { makeProject, makeTenant, makeUser, operator } from "@/lib/test/fixtures";
import { countStatements } from "@/lib/test/statement-counter";
import { verifyGrants } from "./grant-facts";
import { call } from "./machines/agent-test-support";
import { throttleGate } from "./throttle";
import { authenticateToken, createToken, revokeToken } from "./tokens";
import { addMembership, computeUserGrants, getUserById } from "./users";

/**
 * Issue 14 item 4: a bearer token is authenticated in ONE statement (token, owner, memberships,
 * group-mapped tenants, grant facts and the address's failure counter together), read fresh on
 * every request: no cache, so revocation and lost roles take effect on the next request. The
 * grants must be exactly what the step-by-step computation (computeUserGrants, verifyGrants)
 * gives.
 */
describe.each(testEngines())("bearer token authentication on %s", (engine) => {
  let database: Database;
  let cleanup: () => Promise<void>;
  const inADay = () => new Date(Date.now() + 86_400_000);
  beforeAll(async () => {
    ({ database, cleanup } = await freshDatabase(engine));
  });
  afterAll(async () => cleanup?.());

  /** The grants as the separate queries compute them: the reference the one statement must match. */
  async function stepwise(userId: string, tokenGrants: Grant[]): Promise<Grant[]> {
    const owner = (await getUserById(database.db, userId))!;
    return verifyGrants(database.db, intersectGrants(tokenGrants, await computeUserGrants(database.db, owner)));
  }

  it("revocation takes effect on the very next request", async () => {
    const t = await makeTenant("revoke");
    const user = await makeUser("u@revoke", ["revoke-editors"]);
    const tok = await createToken(user, { description: "r", roles: [{ scope: "tenant", tenantId: t.id, role: "viewer" }], expiresAt: inADay() });
    expect((await call(meRoute.GET, { path: "/api/v1/me", token: tok.secret })).status).toBe(200);
    await revokeToken(user, tok.id);
    const after = await call(meRoute.GET, { path: "/api/v1/me", token: tok.secret });
    expect(after.status).toBe(401);
    expect(after.body.code).toBe("invalid_token");
  });

  it("builds the same grants as the step-by-step computation, as memberships, groups and projects change", async () => {
    const a = await makeTenant("facts-a");
    const b = await makeTenant("facts-b");
    const pa = await makeProject(a.id, "one");
    const pb = await makeProject(b.id, "two");
    const user = await makeUser("u@facts", ["facts-a-editors", "constructor", "nobody"]);
    const userId = user.principal.userId!;
    await addMembership(database.db, { userId, scope: "project", tenantId: b.id, projectId: pb.id, role: "owner" });
    await addMembership(database.db, { userId, scope: "tenant", tenantId: b.id, role: "viewer" });
    const roles: Grant[] = [
      { scope: "tenant", tenantId: a.id, role: "editor" },
      { scope: "project", tenantId: a.id, projectId: pa.id, role: "viewer" },
      { scope: "project", tenantId: b.id, projectId: pb.id, role: "owner" },
      { scope: "tenant", tenantId: b.id, role: "viewer" },
    ];
    const tok = await createToken(operator, { description: "f", roles, expiresAt: inADay() }, { ownerId: userId });
    const check = async () => {
      const principal = await authenticateToken(tok.secret);
      expect(principal).not.toBeNull();
      expect(principal!.grants).toEqual(await stepwise(userId, roles));
      return principal!.grants;
    };
    expect(await check()).toHaveLength(4); // every role the token names, each covered by the owner
    // The project moves to tenant a: the project grant under tenant b is no fact any more.
    await database.raw.query("update projects set tenant_id = $1 where id = $2", [a.id, pb.id]);
    expect((await check()).some((g) => g.scope === "project" && g.projectId === pb.id)).toBe(false);
    // The user leaves the group: tenant a's grants go.
    await database.raw.query("update users set groups = '[\"nobody\"]'::jsonb where id = $1", [userId]);
    expect((await check()).some((g) => g.scope !== "admin" && g.tenantId === a.id)).toBe(false);
    // An admin membership does not widen a token that does not name it.
    await addMembership(database.db, { userId, scope: "admin", role: "editor" });
    expect((await check()).some((g) => g.scope === "admin")).toBe(false);
  });

  it.runIf(engine === "postgres")("needs one statement per request (PostgreSQL round trips)", async () => {
    const t = await makeTenant("one-statement");
    const user = await makeUser("u@one", ["one-statement-owners"]);
    const tok = await createToken(user, { description: "o", roles: [{ scope: "tenant", tenantId: t.id, role: "owner" }], expiresAt: inADay() });
    const gate = await throttleGate("failedBearer", "127.0.0.1");
    await authenticateToken(tok.secret, gate); // records lastUsedAt (once a minute)
    const counter = countStatements();
    try {
      expect(await authenticateToken(tok.secret, gate)).not.toBeNull();
      expect(counter.count).toBe(1);
    } finally {
      counter.stop();
    }
  });
});
