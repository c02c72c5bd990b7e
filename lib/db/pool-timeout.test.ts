import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as meRoute from "@/app/api/v1/me/route";
import { type Database, openPostgres, setDatabase } from "@/lib/db/client";
import { createTokenFromShell } from "@/lib/runtime/admin-cli";
import { freshDatabase, requirePostgres } from "@/lib/test/databases";

/**
 * Issue 14 item 2: a pool that cannot hand out a connection in time is an outage for the request
 * (503 database_unavailable with Retry-After), not a request that hangs or a 500.
 */
const url = requirePostgres("pool-timeout.test.ts");

describe.runIf(url)("pool exhaustion (PostgreSQL)", () => {
  let database: Database;
  let cleanup: () => Promise<void>;
  let tiny: Database;
  let token: string;

  beforeAll(async () => {
    ({ database, cleanup } = await freshDatabase("postgres"));
    token = (await createTokenFromShell(database.db, { admin: true, roles: [], expires: "1d", description: "pool" })).token.secret;
    tiny = openPostgres((database.pool!.options as { connectionString: string }).connectionString, 1, 300);
    setDatabase(tiny);
  });
  afterAll(async () => {
    await tiny?.raw.close();
    setDatabase(database);
    await cleanup?.();
  });

  it("answers 503 with Retry-After when no connection frees up within DATABASE_POOL_TIMEOUT_MS, and serves again once one does", async () => {
    const call = () => meRoute.GET(new Request("http://localhost/api/v1/me", { headers: { authorization: `Bearer ${token}` } }), { params: Promise.resolve({}) });
    const held = await tiny.pool!.connect(); // the pool's only connection, busy elsewhere
    const started = Date.now();
    const res = await call();
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toMatch(/^\d+$/);
    expect(await res.json()).toMatchObject({ code: "database_unavailable" });
    held.release();
    expect((await call()).status).toBe(200);
  });
});
