import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as registerRoute from "@/app/api/boot/register/route";
import * as meRoute from "@/app/api/v1/me/route";
import * as tokensRoute from "@/app/api/v1/tokens/route";
import type { Database } from "@/lib/db/client";
import { throttleSignIn } from "@/lib/auth/throttle-sign-in";
import { resetEnv } from "@/lib/env";
import { PEER_HEADER, peerMark } from "@/lib/http/listener";
import { freshDatabase, testEngines } from "@/lib/test/databases";
import { makeTenant, makeUser, operator } from "@/lib/test/fixtures";
import { createPartition } from "./catalog/partitions";
import { partitionInput } from "./catalog/test-support";
import { call, machineUuid, registration } from "./machines/agent-test-support";
import { createBootCredential } from "./machines/boot-credentials";
import { createToken } from "./tokens";

/**
 * Issue 10 item 7: failed bearer authentications per address, token creation per user, OIDC
 * sign-in callbacks per address and machine registrations per address are throttled, with the
 * counters in the database (rate_limits), so replicas share them. 429 problem+json, Retry-After.
 */
describe.each(testEngines())("throttling on %s", (engine) => {
  let database: Database;
  let cleanup: () => Promise<void>;
  let token: string;
  let tenantId: string;
  let owner: Awaited<ReturnType<typeof makeUser>>;

  const me = (bearer: string, peer: string) => call(meRoute.GET, { path: "/api/v1/me", token: bearer, peer });
  const expectThrottled = (res: Awaited<ReturnType<typeof call>>) => {
    expect(res.status).toBe(429);
    expect(res.type).toBe("application/problem+json");
    expect(res.body.code).toBe("too_many_requests");
  };

  beforeAll(async () => {
    resetEnv({ THROTTLE_FAILED_BEARER_PER_MINUTE: "3", THROTTLE_TOKEN_CREATE_PER_HOUR: "3", THROTTLE_SIGN_IN_PER_MINUTE: "2", THROTTLE_BOOT_REGISTER_PER_MINUTE: "2" });
    ({ database, cleanup } = await freshDatabase(engine));
    tenantId = (await makeTenant("acme")).id;
    owner = await makeUser("owner@acme", ["acme-owners"]);
    token = (await createToken(operator, { description: "t", roles: [{ scope: "tenant", tenantId, role: "owner" }], expiresAt: new Date(Date.now() + 86_400_000) }, { ownerId: owner.principal.userId! })).secret;
  });
  afterAll(async () => {
    resetEnv();
    await cleanup?.();
  });

  it("locks an address out after its failed bearer attempts, for valid tokens too, with Retry-After; other addresses carry on", async () => {
    for (const bad of [`mtk_${"x".repeat(43)}`, "garbage", `mtk_${"y".repeat(43)}`]) expect((await me(bad, "10.0.0.1")).status).toBe(401);
    const locked = await meRoute.GET(new Request("http://localhost/api/v1/me", { headers: { authorization: `Bearer ${token}`, [PEER_HEADER]: peerMark("10.0.0.1") } }), { params: Promise.resolve({}) });
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await me(token, "10.0.0.2")).status).toBe(200);
    // The counter is a row of the database, shared by every replica.
    const rows = await database.db.execute(sql`select points from rate_limits where key = 'failedBearer:10.0.0.1'`);
    expect(Number((rows as unknown as { rows: { points: number }[] }).rows[0].points)).toBeGreaterThanOrEqual(3);
  });

  it("limits the API tokens a user creates", async () => {
    const create = () => call(tokensRoute.POST, { path: "/api/v1/tokens", token, peer: "10.0.0.3", body: { description: "many", roles: [{ scope: "tenant", tenantId, role: "viewer" }], expiresAt: new Date(Date.now() + 86_400_000).toISOString() } });
    for (let i = 0; i < 3; i++) expect((await create()).status).toBe(201);
    expectThrottled(await create());
  });

  it("limits machine registrations per source address", async () => {
    await createPartition(operator, partitionInput("fra1"));
    const secret = (await createBootCredential(operator, "fra1", { description: "t" })).secret;
    const register = (peer: string) => call(registerRoute.POST, { path: "/api/boot/register", token: secret, body: registration(machineUuid()), peer });
    expect((await register("10.1.0.1")).status).toBe(200);
    expect((await register("10.1.0.1")).status).toBe(200);
    expectThrottled(await register("10.1.0.1"));
    expect((await register("10.1.0.2")).status).toBe(200);
  });

  it("limits OIDC sign-in callbacks per address (the wrapper around Auth.js's route handlers)", async () => {
    const handled: string[] = [];
    const route = throttleSignIn(async (req: Request) => (handled.push(new URL(req.url).pathname), new Response(null, { status: 302 })));
    const callback = () => route(new Request("http://localhost:3000/api/auth/callback/oidc?code=x&state=y", { headers: { [PEER_HEADER]: peerMark("10.2.0.1") } }));
    expect((await route(new Request("http://localhost:3000/api/auth/session"))).status).toBe(302); // not a callback: not counted
    for (let i = 0; i < 2; i++) expect((await callback()).status).not.toBe(429);
    const third = await callback();
    expect(third.status).toBe(429);
    expect(third.headers.get("content-type")).toBe("application/problem+json");
    expect(third.headers.get("retry-after")).toBeTruthy();
    expect(handled).toEqual(["/api/auth/session", "/api/auth/callback/oidc", "/api/auth/callback/oidc"]);
  });
});
