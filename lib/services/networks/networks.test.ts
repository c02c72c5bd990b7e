import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import type { Database } from "@/lib/db/client";
import { auditEntries, ips, partitions } from "@/lib/db/schema";
import { toProblem } from "@/lib/http/problem";
import { withConnections } from "@/lib/test/concurrency";
import { freshDatabase, testEngines } from "@/lib/test/databases";
import { makeProject, makeTenant, makeUser, operator } from "@/lib/test/fixtures";
import { updateProject } from "../projects";
import { acquireIp, getIp, listIps, releaseIp, updateIp } from "./ips";
import { createNetwork, deleteNetwork, getNetwork, listNetworks } from "./networks";

async function problem(p: Promise<unknown>) {
  try {
    await p;
  } catch (err) {
    const pr = toProblem(err);
    if (pr.status === 500) throw err;
    return pr as { status: number; code: string; detail?: string; errors?: { field: string; message: string }[] };
  }
  throw new Error("expected a rejection");
}

describe.each(testEngines())("networks and IPs on %s", (engine) => {
  let database: Database;
  let cleanup: () => Promise<void>;
  let acme: { id: string };
  let web: { id: string };
  let globexApp: { id: string };
  let owner: Awaited<ReturnType<typeof makeUser>>;
  let foreign: Awaited<ReturnType<typeof makeUser>>;
  let superId: string;

  beforeAll(async () => {
    ({ database, cleanup } = await freshDatabase(engine));
    await database.db.insert(partitions).values({ id: "fra1", bootConfig: { kernelUrl: "http://x/k", initrdUrl: "http://x/i", commandLine: "" } });
    acme = await makeTenant("acme");
    const globex = await makeTenant("globex");
    web = await makeProject(acme.id, "web");
    globexApp = await makeProject(globex.id, "app");
    owner = await makeUser("owner@acme", ["acme-owners"]);
    foreign = await makeUser("owner@globex", ["globex-owners"]);
    const sup = await createNetwork(operator, {
      kind: "super", name: "fra1 tenants", partitionId: "fra1", prefixes: ["10.0.0.0/16", "fd00:10::/48"], description: "",
      destinationPrefixes: [], defaultChildPrefixLength: { ipv4: 22 }, minChildPrefixLength: { ipv4: 20 }, nat: "none", allowedProjectIds: null, labels: {},
    });
    superId = sup.id;
    expect(sup.defaultChildPrefixLength).toEqual({ ipv4: 22, ipv6: 64 });
  });
  afterAll(async () => cleanup?.());

  const privateNet = (actor = owner, projectId = web.id, extra: object = {}) =>
    createNetwork(actor, { kind: "private", projectId, partitionId: "fra1", name: "net", description: "", labels: {}, ...extra });
  const ipIn = (networkId: string, actor = owner, projectId = web.id, extra: object = {}) =>
    acquireIp(actor, { networkId, projectId, kind: "ephemeral", name: "", description: "", tags: [], ...extra });

  it("gives a private network dual-stack child prefixes and a VNI, next ones adjacent", async () => {
    const a = await privateNet();
    const b = await privateNet();
    expect(a.prefixes.map((p) => p.cidr)).toEqual(["10.0.0.0/22", "fd00:10::/64"]);
    expect(b.prefixes.map((p) => p.cidr)).toEqual(["10.0.4.0/22", "fd00:10:0:1::/64"]);
    expect(a.vrf).not.toBeNull();
    expect(b.vrf).not.toBe(a.vrf);
    const superNow = await getNetwork(operator, superId);
    expect(superNow.prefixes[0].childPrefixes).toBe(2);
  });

  it("honours a requested child length within the super network's limits", async () => {
    const small = await privateNet(owner, web.id, { childPrefixLength: { ipv4: 24 } });
    expect(small.prefixes[0].cidr).toMatch(/\/24$/);
    const bad = await problem(privateNet(owner, web.id, { childPrefixLength: { ipv4: 18 } }));
    expect(bad).toMatchObject({ status: 422, errors: [{ field: "body.childPrefixLength.ipv4" }] });
  });

  it("refuses an overlapping infrastructure prefix, naming the other network", async () => {
    const p = await problem(createNetwork(operator, {
      kind: "external", name: "inet", prefixes: ["10.0.128.0/24"], description: "", destinationPrefixes: ["0.0.0.0/0"],
      defaultChildPrefixLength: {}, minChildPrefixLength: {}, nat: "ipv4-masq", allowedProjectIds: null, labels: {},
    }));
    expect(p.status).toBe(409);
    expect(p.code).toBe("prefix_overlap");
    expect(p.detail).toContain("fra1 tenants");
  });

  it("keeps tenants out of infrastructure network creation and foreign networks", async () => {
    const p = await problem(createNetwork(owner, {
      kind: "external", name: "mine", prefixes: ["198.51.100.0/24"], description: "", destinationPrefixes: [],
      defaultChildPrefixLength: {}, minChildPrefixLength: {}, nat: "none", allowedProjectIds: null, labels: {},
    }));
    expect(p.status).toBe(403);
    const mine = await privateNet();
    expect((await problem(getNetwork(foreign, mine.id))).status).toBe(404);
    expect((await problem(deleteNetwork(foreign, mine.id))).status).toBe(404);
    expect((await problem(getNetwork(owner, superId))).status).toBe(404);
    const seen = await listNetworks(foreign, { limit: 500 });
    expect(seen.items.filter((n) => n.projectId === web.id)).toEqual([]);
    const foreignIp = await problem(ipIn(mine.id, foreign, globexApp.id));
    expect(foreignIp).toMatchObject({ status: 422, errors: [{ field: "body.networkId", message: "no such network" }] });
    const foreignProject = await problem(ipIn(mine.id, foreign, web.id));
    expect(foreignProject).toMatchObject({ status: 422, errors: [{ field: "body.projectId" }] });
  });

  it("acquires, renames, makes static and releases IPs; another tenant gets 404s", async () => {
    const net = await privateNet(owner, web.id, { childPrefixLength: { ipv4: 29 } });
    const first = await ipIn(net.id);
    expect(first.address).toMatch(/^10\.0\.\d+\.\d+$/);
    const specific = await ipIn(net.id, owner, web.id, { address: net.prefixes[0].cidr.replace(/\d+\/29$/, (m) => String(Number(m.split("/")[0]) + 5)) });
    expect((await problem(ipIn(net.id, owner, web.id, { address: specific.address }))).code).toBe("ip_in_use");
    expect((await problem(ipIn(net.id, owner, web.id, { address: "192.0.2.1" }))).code).toBe("ip_outside_network");
    const v6 = await ipIn(net.id, owner, web.id, { family: 6 });
    expect(v6.address).toMatch(/^fd00:10:/);
    const renamed = await updateIp(owner, first.id, { name: "gateway", tags: ["edge"], kind: "static" });
    expect(renamed).toMatchObject({ name: "gateway", kind: "static", tags: ["edge"] });
    expect((await problem(getIp(foreign, first.id))).status).toBe(404);
    expect((await problem(releaseIp(foreign, first.id))).status).toBe(404);
    expect((await listIps(foreign, { limit: 100 })).items).toEqual([]);
    // /29: 6 usable addresses, two taken above → four more, then a clean 409.
    for (let i = 0; i < 4; i++) await ipIn(net.id);
    const exhausted = await problem(ipIn(net.id));
    expect(exhausted).toMatchObject({ status: 409, code: "ip_exhausted" });
    expect(exhausted.detail).toContain("No free IP in network");
    await releaseIp(owner, specific.id);
    expect((await ipIn(net.id)).address).toBe(specific.address);
    const audit = await database.db.select().from(auditEntries).where(eq(auditEntries.targetId, first.id));
    expect(audit.map((a) => a.action).sort()).toEqual(["ip.acquire", "ip.update"]);
  });

  it("enforces the network and IP quotas of a project", async () => {
    const p = await makeProject(acme.id, "quota");
    await updateProject(operator, p.id, { quotas: { networks: 1, ips: 2 } });
    const n = await privateNet(owner, p.id);
    expect(await problem(privateNet(owner, p.id))).toMatchObject({ status: 409, code: "quota_exceeded" });
    await ipIn(n.id, owner, p.id);
    await ipIn(n.id, owner, p.id);
    expect(await problem(ipIn(n.id, owner, p.id))).toMatchObject({ status: 409, code: "quota_exceeded" });
  });

  it("lets other projects use private-shared and open external networks, not private ones", async () => {
    const shared = await privateNet(owner, web.id, { kind: "private-shared" });
    expect((await ipIn(shared.id, foreign, globexApp.id)).projectId).toBe(globexApp.id);
    const ext = await createNetwork(operator, {
      kind: "external", name: "internet", prefixes: ["203.0.113.0/24"], description: "", destinationPrefixes: ["0.0.0.0/0"],
      defaultChildPrefixLength: {}, minChildPrefixLength: {}, nat: "ipv4-masq", allowedProjectIds: [web.id], labels: {},
    });
    expect((await ipIn(ext.id, owner, web.id)).address).toBe("203.0.113.1");
    expect((await problem(ipIn(ext.id, foreign, globexApp.id))).status).toBe(422);
    // Restricted to acme/web: invisible to globex, by id and in lists.
    expect((await problem(getNetwork(foreign, ext.id))).status).toBe(404);
    expect((await listNetworks(foreign, { limit: 500 })).items.map((n) => n.id)).not.toContain(ext.id);
    expect((await getNetwork(owner, ext.id)).id).toBe(ext.id);
  });

  it("allows one super network per partition, naming the existing one", async () => {
    const p = await problem(createNetwork(operator, {
      kind: "super-namespaced", name: "second", partitionId: "fra1", prefixes: ["172.20.0.0/16"], description: "",
      destinationPrefixes: [], defaultChildPrefixLength: {}, minChildPrefixLength: {}, nat: "none", allowedProjectIds: null, labels: {},
    }));
    expect(p).toMatchObject({ status: 409, code: "super_network_exists" });
    expect(p.detail).toContain("fra1 tenants");
  });

  it("deletes a network by releasing its ephemeral IPs; refuses while static IPs or machines use it", async () => {
    const net = await privateNet();
    const a = await ipIn(net.id);
    const b = await ipIn(net.id);
    await updateIp(owner, b.id, { kind: "static" });
    expect(await problem(deleteNetwork(owner, net.id))).toMatchObject({ status: 409, code: "still_referenced" });
    await releaseIp(owner, b.id);
    await database.db.update(ips).set({ machineId: "m-1" }).where(eq(ips.id, a.id));
    expect(await problem(deleteNetwork(owner, net.id))).toMatchObject({ status: 409, code: "network_in_use" });
    await database.db.update(ips).set({ machineId: null }).where(eq(ips.id, a.id));
    await deleteNetwork(owner, net.id);
    expect((await problem(getIp(owner, a.id))).status).toBe(404);
    expect(await problem(deleteNetwork(operator, superId))).toMatchObject({ status: 409, code: "still_referenced" });
  });

  it("rejects host bits and an unknown partition with field errors", async () => {
    const { createAdminNetworkInput } = await import("@/lib/contracts/networks");
    const r = createAdminNetworkInput.safeParse({ kind: "underlay", name: "u", partitionId: "fra1", prefixes: ["10.9.0.1/24"] });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0].message).toContain("host bits set: did you mean 10.9.0.0/24?");
    expect(await problem(privateNet(owner, web.id, { partitionId: "nowhere" }))).toMatchObject({ status: 422, errors: [{ field: "body.partitionId" }] });
  });

  it("keeps issuing default /64 networks after a tenant asked for a /72 (issue 17, B1)", async () => {
    await database.db.insert(partitions).values({ id: "fra2", bootConfig: { kernelUrl: "http://x/k", initrdUrl: "http://x/i", commandLine: "" } });
    await createNetwork(operator, {
      kind: "super", name: "fra2 tenants", partitionId: "fra2", prefixes: ["10.1.0.0/16", "fd00:20::/48"], description: "",
      destinationPrefixes: [], defaultChildPrefixLength: {}, minChildPrefixLength: { ipv6: 56 }, nat: "none", allowedProjectIds: null, labels: {},
    });
    const inFra2 = (extra: object = {}) => privateNet(owner, web.id, { partitionId: "fra2", ...extra });
    expect((await inFra2({ childPrefixLength: { ipv6: 72 } })).prefixes[1].cidr).toBe("fd00:20::/72");
    const next = [];
    for (let i = 0; i < 3; i++) next.push((await inFra2()).prefixes[1].cidr);
    expect(next).toEqual(["fd00:20:0:1::/64", "fd00:20:0:2::/64", "fd00:20:0:3::/64"]);
  });

  it.runIf(engine === "postgres")("300 parallel acquisitions in a /24 network give 254 distinct addresses, then clean 409s", async () => {
    const net = await privateNet(owner, web.id, { childPrefixLength: { ipv4: 24 } });
    const { result: results, opened } = await withConnections(database, 300, () =>
      Promise.allSettled(Array.from({ length: 300 }, () => acquireIp(owner, { networkId: net.id, projectId: web.id, family: 4, kind: "ephemeral", name: "", description: "", tags: [] }))));
    expect(opened).toBe(300);
    const ok = results.flatMap((r) => (r.status === "fulfilled" ? [r.value.address] : []));
    const codes = results.flatMap((r) => (r.status === "rejected" ? [toProblem(r.reason).code] : []));
    expect(ok.length).toBe(254);
    expect(new Set(ok).size).toBe(254);
    expect(new Set(codes)).toEqual(new Set(["ip_exhausted"]));
  });
});
