import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/client";
import { queryRows } from "@/lib/db/raw";
import { ips, networkPrefixes, partitions } from "@/lib/db/schema";
import { parsePrefix, prefixesOverlap } from "@/lib/domain/ipam";
import { toProblem } from "@/lib/http/problem";
import { withConnections } from "@/lib/test/concurrency";
import { freshDatabase, requirePostgres } from "@/lib/test/databases";
import { makeProject, makeTenant, makeUser, operator } from "@/lib/test/fixtures";
import { acquireIp, releaseIp } from "./ips";
import { createNetwork, deleteNetwork } from "./networks";

/**
 * IPAM races through the services, at the concurrency they state (a pool of that many
 * connections each): IPv6 addresses, specific against next addresses, release against
 * acquisition, and private networks (child prefixes + VNIs) created and deleted at once.
 * PostgreSQL only (PGlite runs one transaction at a time).
 */
const postgres = requirePostgres("races.test.ts");

describe.skipIf(!postgres)("network and IP races (PostgreSQL)", () => {
  let database: Database;
  let cleanup: () => Promise<void>;
  let projectId: string;
  let owner: Awaited<ReturnType<typeof makeUser>>;
  let superPrefixes: string[];

  const privateNet = (extra: object = {}) => createNetwork(owner, { kind: "private", projectId, partitionId: "fra1", name: "net", description: "", labels: {}, ...extra });
  const ip = (networkId: string, extra: object = {}) => acquireIp(owner, { networkId, projectId, kind: "ephemeral", name: "", description: "", tags: [], ...extra });
  const race = async <T,>(requests: (() => Promise<T>)[]) => {
    const { result, opened } = await withConnections(database, requests.length, () => Promise.allSettled(requests.map((r) => r())));
    expect(opened).toBe(requests.length);
    return result;
  };
  const values = <T,>(rs: PromiseSettledResult<T>[]) => rs.flatMap((r) => (r.status === "fulfilled" ? [r.value] : []));
  const codes = <T,>(rs: PromiseSettledResult<T>[]) => rs.flatMap((r) => (r.status === "rejected" ? [toProblem(r.reason).code] : []));
  /** The IPAM and the ips table agree: every held address is one row of each. */
  const ipamMatchesRows = async (networkId: string) => {
    const rows = await database.db.select({ address: ips.address }).from(ips).where(eq(ips.networkId, networkId));
    const [{ n }] = await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from ipam_ips i join network_prefixes np on np.ipam_prefix_id = i.prefix_id where np.network_id = ${networkId}`);
    expect(n).toBe(rows.length);
    return rows.map((r) => r.address);
  };

  beforeAll(async () => {
    ({ database, cleanup } = await freshDatabase("postgres"));
    await database.db.insert(partitions).values({ id: "fra1", bootConfig: { kernelUrl: "http://x/k", initrdUrl: "http://x/i", commandLine: "" } });
    const acme = await makeTenant("acme");
    projectId = (await makeProject(acme.id, "web")).id;
    owner = await makeUser("owner@acme", ["acme-owners"]);
    superPrefixes = ["10.0.0.0/16", "fd00:10::/48"];
    await createNetwork(operator, {
      kind: "super", name: "fra1 tenants", partitionId: "fra1", prefixes: superPrefixes, description: "",
      destinationPrefixes: [], defaultChildPrefixLength: { ipv4: 24, ipv6: 64 }, minChildPrefixLength: { ipv4: 16 }, nat: "none", allowedProjectIds: null, labels: {},
    });
  });
  afterAll(async () => cleanup?.());

  it("200 IPv6 addresses taken at once from a /64: 200 distinct, none reserved", async () => {
    const net = await privateNet();
    const results = await race(Array.from({ length: 200 }, () => () => ip(net.id, { family: 6 })));
    const got = values(results).map((r) => r.address);
    expect(codes(results)).toEqual([]);
    expect(new Set(got).size).toBe(200);
    expect(got).not.toContain(net.prefixes[1].cidr.split("/")[0]); // the subnet-router anycast address
    expect((await ipamMatchesRows(net.id)).length).toBe(200);
  });

  it("specific and next addresses race: every address once, a specific one to its asker or to nobody", async () => {
    const net = await privateNet();
    const base = net.prefixes[0].cidr.replace(/\.0\/24$/, ".");
    const wanted = Array.from({ length: 30 }, (_, i) => `${base}${i + 1}`).flatMap((a) => [a, a]); // each asked twice
    const results = await race([...wanted.map((address) => () => ip(net.id, { address })), ...Array.from({ length: 60 }, () => () => ip(net.id, { family: 4 }))]);
    const all = values(results).map((r) => r.address);
    expect(new Set(all).size).toBe(all.length);
    const specificWins = results.slice(0, wanted.length).flatMap((r, i) => (r.status === "fulfilled" ? [{ got: r.value.address, asked: wanted[i] }] : []));
    expect(specificWins.filter((w) => w.got !== w.asked)).toEqual([]);
    expect(codes(results).filter((c) => c !== "ip_in_use")).toEqual([]);
    expect(values(results.slice(wanted.length))).toHaveLength(60); // the /24 has room for every "next"
    // Each asked-for address is held exactly once: by one of its askers, or by a "next" that came first.
    expect(new Set(wanted).size).toBe(30);
    for (const a of new Set(wanted)) expect(all.filter((x) => x === a)).toHaveLength(1);
    expect((await ipamMatchesRows(net.id)).sort()).toEqual([...all].sort());
  });

  it("50 releases and 50 acquisitions at once: no address held twice, the IPAM agrees with the rows", async () => {
    const net = await privateNet();
    const held = [];
    for (let i = 0; i < 50; i++) held.push(await ip(net.id, { family: 4 }));
    const results = await race([...held.map((h) => () => releaseIp(owner, h.id).then(() => null)), ...held.map(() => () => ip(net.id, { family: 4 }))]);
    expect(codes(results)).toEqual([]);
    const now = await ipamMatchesRows(net.id);
    expect(now).toHaveLength(50);
    expect(new Set(now).size).toBe(50);
  });

  it("40 private networks created at once get distinct child prefixes and VNIs; deleted at once, the space merges back", async () => {
    const results = await race(Array.from({ length: 40 }, () => () => privateNet()));
    const nets = values(results);
    expect(codes(results)).toEqual([]);
    expect(new Set(nets.map((x) => x.vrf)).size).toBe(40);
    const prefixes = nets.flatMap((x) => x.prefixes.map((p) => parsePrefix(p.cidr)));
    for (let i = 0; i < prefixes.length; i++) for (let j = i + 1; j < prefixes.length; j++) expect(prefixesOverlap(prefixes[i], prefixes[j])).toBe(false);

    const all = await database.db.select({ id: networkPrefixes.networkId }).from(networkPrefixes).where(sql`${networkPrefixes.networkId} in (select id from networks where kind = 'private')`);
    const deleted = await race([...new Set(all.map((r) => r.id))].map((id) => () => deleteNetwork(owner, id)));
    expect(codes(deleted)).toEqual([]);
    // Adjacent children deleted at the same time merged: each super prefix is one free range again.
    const free = await queryRows<{ cidr: string; ranges: number; size: string }>(database.db, sql`select p.cidr, count(r.id)::int as ranges, sum(r."end" - r.start + 1)::text as size
      from ipam_prefixes p join ipam_free_ranges r on r.prefix_id = p.id where p.cidr in (${sql.join(superPrefixes.map((c) => sql`${c}`), sql`, `)}) group by p.cidr order by p.cidr`);
    expect(free).toEqual([{ cidr: "10.0.0.0/16", ranges: 1, size: String(2 ** 16) }, { cidr: "fd00:10::/48", ranges: 1, size: String(2n ** 80n) }]);
  });
});
