import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as streamRoute from "@/app/api/v1/machines/stream/route";
import type { Database } from "@/lib/db/client";
import { createNetwork } from "@/lib/services/networks/networks";
import { freshDatabase, testEngines } from "@/lib/test/databases";
import { makeProject, makeTenant, makeUser } from "@/lib/test/fixtures";
import { readUntil } from "@/lib/test/sse";
import { createToken } from "../tokens";
import { allocateMachine } from "./allocation";
import { allocation, insertWaitingMachines, PARTITION, setupCatalog } from "./allocation.fixtures";
import { closeMachineNotifications } from "./notify";
import { openMachineStreamCount } from "./stream";

/** GET /api/v1/machines/stream through the route wrapper, read as a browser's EventSource would. */
const inAMonth = () => new Date(Date.now() + 30 * 86_400_000);

describe.each(testEngines())("machine stream route on %s", (engine) => {
  let database: Database;
  let cleanup: () => Promise<void>;
  let acme: { projectId: string; token: string; actor: Awaited<ReturnType<typeof makeUser>> };
  let globex: typeof acme;

  async function tenant(name: string) {
    const t = await makeTenant(name);
    const projectId = (await makeProject(t.id, "web")).id;
    const actor = await makeUser(`owner@${name}`, [`${name}-owners`]);
    await createNetwork(actor, { kind: "private", projectId, partitionId: PARTITION, name: "net", description: "", labels: {} });
    const token = (await createToken(actor, { description: "t", roles: [{ scope: "tenant", tenantId: t.id, role: "owner" }], expiresAt: inAMonth() })).secret;
    return { projectId, token, actor };
  }

  function open(token: string) {
    const client = new AbortController();
    const headers = { authorization: `Bearer ${token}` };
    const res = streamRoute.GET(new Request("http://localhost:3000/api/v1/machines/stream", { headers, signal: client.signal }), { params: Promise.resolve({}) });
    return { res, client };
  }

  beforeAll(async () => {
    await closeMachineNotifications();
    ({ database, cleanup } = await freshDatabase(engine));
    await setupCatalog();
    acme = await tenant("acme");
    globex = await tenant("globex");
  });
  afterAll(async () => {
    await closeMachineNotifications();
    await cleanup?.();
  });

  it("answers 401 problem+json to an unknown token", async () => {
    const res = await open(`mtk_${"x".repeat(43)}`).res;
    expect(res.status).toBe(401);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
  });

  it("streams a tenant's own machine changes, and nothing of them to another tenant; closes on disconnect", async () => {
    await insertWaitingMachines(database.db, 2);
    const own = open(acme.token);
    const other = open(globex.token);
    const ownRes = await own.res;
    const otherRes = await other.res;
    expect(ownRes.status).toBe(200);
    expect(ownRes.headers.get("content-type")).toBe("text/event-stream; charset=utf-8");
    expect(ownRes.headers.get("cache-control")).toBe("no-cache, no-transform");
    expect(ownRes.headers.get("x-request-id")).toBeTruthy();
    expect(openMachineStreamCount()).toBe(2);
    const ownReader = ownRes.body!.getReader();
    const otherReader = otherRes.body!.getReader();
    await readUntil(ownReader, ": connected");
    await readUntil(otherReader, ": connected");

    const mine = await allocateMachine(acme.actor, allocation(acme.projectId));
    expect(await readUntil(ownReader, `data: {"machineId":"${mine.id}"}\n\n`)).toContain("event: machine\n");
    const theirs = await allocateMachine(globex.actor, allocation(globex.projectId));
    // Delivered in order: once the other tenant's own machine arrives, the first was withheld.
    const seen = await readUntil(otherReader, `data: {"machineId":"${theirs.id}"}`);
    expect(seen).not.toContain(mine.id);

    own.client.abort();
    other.client.abort();
    await expect.poll(() => openMachineStreamCount(), { timeout: 5000 }).toBe(0);
  });
});
