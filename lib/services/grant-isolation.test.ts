import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as ipsRoute from "@/app/api/v1/ips/route";
import * as machinesRoute from "@/app/api/v1/machines/route";
import * as streamRoute from "@/app/api/v1/machines/stream/route";
import * as meRoute from "@/app/api/v1/me/route";
import * as networksRoute from "@/app/api/v1/networks/route";
import * as projectsRoute from "@/app/api/v1/projects/route";
import * as reservationsRoute from "@/app/api/v1/size-reservations/route";
import * as tenantRoute from "@/app/api/v1/tenants/[id]/route";
import * as tenantsRoute from "@/app/api/v1/tenants/route";
import * as tokensRoute from "@/app/api/v1/tokens/route";
import type { Grant } from "@/lib/auth/grants";
import { generateToken } from "@/lib/auth/tokens";
import type { Database } from "@/lib/db/client";
import { apiTokens, networks, projects } from "@/lib/db/schema";
import { uuidv7 } from "@/lib/domain/ids";
import { freshDatabase, testEngines } from "@/lib/test/databases";
import { makeProject, makeTenant, makeUser, operator } from "@/lib/test/fixtures";
import { readUntil } from "@/lib/test/sse";
import { createReservation } from "./catalog/size-reservations";
import { allocateMachine } from "./machines/allocation";
import { allocation, insertWaitingMachines, PARTITION, SIZE, setupAcmeProject, setupCatalog } from "./machines/allocation.fixtures";
import { updateMachine } from "./machines/machines";
import { closeMachineNotifications } from "./machines/notify";
import { createNetwork } from "./networks/networks";
import { acquireIp } from "./networks/ips";
import { createToken } from "./tokens";
import { addMembership, computeUserGrants, getUserById } from "./users";

/**
 * Issue 10 finding 1 and issue 17 B2: a grant is a claim about the database (this project is in
 * this tenant) and is checked against it — when a token is minted (422 naming body.roles.<i>) and
 * every time one is used (a forged or outdated grant gives nothing). Every list and the machine
 * stream are asked with such tokens; none may return anything of the foreign tenant.
 */
const ctx = (params: Record<string, string> = {}) => ({ params: Promise.resolve(params) });
const url = (p: string) => `http://localhost:3000${p}`;
const inAMonth = () => new Date(Date.now() + 30 * 86_400_000);
const bearer = (token: string, extra: Record<string, string> = {}) => ({ authorization: `Bearer ${token}`, ...extra });

describe.each(testEngines())("grants are checked against the database (%s)", (engine) => {
  let database: Database;
  let cleanup: () => Promise<void>;
  let acmeId: string;
  let acmeProjectId: string;
  let acmeMachineId: string;
  let globexId: string;
  let shopId: string;
  let globexMachineId: string;
  let viewer: Awaited<ReturnType<typeof makeUser>>;
  let projectMember: Awaited<ReturnType<typeof makeUser>>;

  /** A token row as the API stored it before the fix: its grants were never checked. */
  async function storedToken(userId: string, grants: Grant[]): Promise<string> {
    const { secret, hash, prefix } = generateToken();
    await database.db.insert(apiTokens).values({ id: uuidv7(), userId, description: "forged", grants, secretHash: hash, prefix, expiresAt: inAMonth() });
    return secret;
  }

  async function mint(actor: Awaited<ReturnType<typeof makeUser>>, roles: Grant[]): Promise<Response> {
    // Minted through the real route, by a token carrying everything the user holds.
    const seed = await createToken(actor, { description: "seed", roles: actor.grants, expiresAt: inAMonth() });
    const body = JSON.stringify({ description: "probe", roles, expiresAt: inAMonth().toISOString() });
    return tokensRoute.POST(new Request(url("/api/v1/tokens"), { method: "POST", headers: bearer(seed.secret, { "content-type": "application/json" }), body }), ctx());
  }

  beforeAll(async () => {
    await closeMachineNotifications();
    ({ database, cleanup } = await freshDatabase(engine));
    await setupCatalog();
    const acme = await setupAcmeProject();
    acmeProjectId = acme.projectId;
    acmeId = (await database.db.select({ t: projects.tenantId }).from(projects).where(eq(projects.id, acmeProjectId)))[0].t;
    await insertWaitingMachines(database.db, 2);
    acmeMachineId = (await allocateMachine(acme.owner, allocation(acmeProjectId))).id;
    const [acmeNet] = await database.db.select({ id: networks.id }).from(networks).where(eq(networks.projectId, acmeProjectId));
    await acquireIp(acme.owner, { networkId: acmeNet.id, projectId: acmeProjectId, kind: "static", name: "acme-ip", description: "", tags: [] });
    await createReservation(operator, { sizeId: SIZE, projectId: acmeProjectId, partitionIds: [PARTITION], amount: 1, description: "acme's" });

    const globex = await makeTenant("globex");
    globexId = globex.id;
    shopId = (await makeProject(globex.id, "shop")).id;
    await createNetwork(operator, { kind: "private", projectId: shopId, partitionId: PARTITION, name: "shop-net", description: "", labels: {} });
    globexMachineId = (await allocateMachine(operator, allocation(shopId))).id;
    viewer = await makeUser("viewer@globex", ["globex-viewers"]);
    projectMember = await makeUser("member@globex", []);
    await addMembership(database.db, { userId: projectMember.principal.userId!, scope: "project", tenantId: globexId, projectId: shopId, role: "viewer" });
    projectMember.grants = await computeUserGrants(database.db, (await getUserById(database.db, projectMember.principal.userId!))!);
    projectMember.principal.grants = projectMember.grants;
  });
  afterAll(async () => {
    await closeMachineNotifications();
    await cleanup?.();
  });

  it("refuses to mint a project grant whose project is not in the grant's tenant, or does not exist (422 naming body.roles.<i>)", async () => {
    const foreignProject = await mint(viewer, [{ scope: "tenant", tenantId: globexId, role: "viewer" }, { scope: "project", tenantId: globexId, projectId: acmeProjectId, role: "viewer" }]);
    expect(foreignProject.status).toBe(422);
    expect((await foreignProject.json()).errors.map((e: { field: string }) => e.field)).toEqual(["body.roles.1"]);
    const missing = await mint(viewer, [{ scope: "project", tenantId: globexId, projectId: "no-such-project", role: "viewer" }]);
    expect(missing.status).toBe(422);
    expect((await missing.json()).errors[0].field).toBe("body.roles.0");
  });

  it("refuses a project member's grant that names another tenant with its own project (issue 17 B2)", async () => {
    const res = await mint(projectMember, [{ scope: "project", tenantId: acmeId, projectId: shopId, role: "viewer" }]);
    expect(res.status).toBe(422);
    expect((await res.json()).errors[0].field).toBe("body.roles.0");
  });

  const lists = [
    ["/api/v1/machines", machinesRoute.GET],
    ["/api/v1/ips", ipsRoute.GET],
    ["/api/v1/networks", networksRoute.GET],
    ["/api/v1/projects", projectsRoute.GET],
    ["/api/v1/size-reservations", reservationsRoute.GET],
    ["/api/v1/tenants", tenantsRoute.GET],
  ] as const;

  async function expectNothingOfAcme(token: string): Promise<void> {
    for (const [path, GET] of lists) {
      const res = await GET(new Request(url(`${path}?limit=200`), { headers: bearer(token) }), ctx());
      expect(res.status, path).toBe(200);
      const text = await res.text();
      for (const id of [acmeId, acmeProjectId, acmeMachineId]) expect(text, `${path} leaks ${id}`).not.toContain(id);
      expect(text, path).not.toContain("acme");
    }
    const tenant = await tenantRoute.GET(new Request(url(`/api/v1/tenants/${acmeId}`), { headers: bearer(token) }), ctx({ id: acmeId }));
    expect(tenant.status).toBe(404);
    const me = await (await meRoute.GET(new Request(url("/api/v1/me"), { headers: bearer(token) }), ctx())).text();
    expect(me).not.toContain(acmeProjectId);
    expect(me).not.toContain(acmeId);
  }

  it("gives a stored token with a foreign-project grant nothing of the foreign tenant, in any list or /me", async () => {
    await expectNothingOfAcme(await storedToken(viewer.principal.userId!, [{ scope: "project", tenantId: globexId, projectId: acmeProjectId, role: "viewer" }]));
  });

  it("gives a stored token naming a foreign tenant with the holder's own project nothing of that tenant (B2)", async () => {
    await expectNothingOfAcme(await storedToken(projectMember.principal.userId!, [{ scope: "project", tenantId: acmeId, projectId: shopId, role: "viewer" }]));
  });

  it("sends a foreign-project token no event of the foreign tenant's machines on /machines/stream", async () => {
    const token = await storedToken(viewer.principal.userId!, [
      { scope: "tenant", tenantId: globexId, role: "viewer" },
      { scope: "project", tenantId: globexId, projectId: acmeProjectId, role: "viewer" },
    ]);
    const client = new AbortController();
    const res = await streamRoute.GET(new Request(url("/api/v1/machines/stream"), { headers: bearer(token), signal: client.signal }), ctx());
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    await readUntil(reader, ": connected");
    await updateMachine(operator, acmeMachineId, { description: "acme change" });
    await updateMachine(operator, globexMachineId, { description: "globex change" });
    // Delivered in order: the holder's own tenant's change arrives, the foreign one never did.
    const seen = await readUntil(reader, globexMachineId);
    expect(seen).not.toContain(acmeMachineId);
    client.abort();
  });

  it("drops a grant the moment its project moves to another tenant", async () => {
    const token = await storedToken(projectMember.principal.userId!, [{ scope: "project", tenantId: globexId, projectId: shopId, role: "viewer" }]);
    const listProjects = async () => (await (await projectsRoute.GET(new Request(url("/api/v1/projects"), { headers: bearer(token) }), ctx())).json()).items.map((p: { id: string }) => p.id);
    expect(await listProjects()).toEqual([shopId]);
    await database.db.execute(sql`update projects set tenant_id = ${acmeId} where id = ${shopId}`);
    try {
      expect(await listProjects()).toEqual([]);
      const machines = await (await machinesRoute.GET(new Request(url("/api/v1/machines"), { headers: bearer(token) }), ctx())).json();
      expect(machines.items).toEqual([]);
    } finally {
      await database.db.execute(sql`update projects set tenant_id = ${globexId} where id = ${shopId}`);
    }
    expect(await listProjects()).toEqual([shopId]);
  });
});
