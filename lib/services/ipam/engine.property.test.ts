import { sql } from "drizzle-orm";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/client";
import { queryRows } from "@/lib/db/raw";
import { formatIp, formatPrefix, makePrefix } from "@/lib/domain/ipam";
import { toProblem } from "@/lib/http/problem";
import { freshDatabase, testEngines } from "@/lib/test/databases";
import { acquireChildPrefix, acquireNextIp, acquireSpecificIp, createPrefix, deletePrefix, getPrefix, releaseIp } from "./engine";
import {
  bits, blockSize, expectedChild, expectedIp, type Family, freeRangeProblems, type Gap, lastOf, type ModelNode, overlapsChild, specificIpRefusal,
} from "./engine.model";

/**
 * Property tests of the IPAM engine that ships (SQL + ranges.ts), against the reference model
 * in engine.model.ts: random sequences of child-prefix and IP acquisitions (next free and
 * specific), releases and deletions, mixed on one tree (a prefix, its children, theirs), for
 * IPv4 and IPv6, from /0 to /32 and /128. After every step the engine's answer must be the
 * model's (the lowest free aligned block, the lowest free usable address, or the same refusal)
 * and its free-range rows must be exactly what the model says (given-back children merged).
 */
type Op =
  | { kind: "child"; node: number; extra: number }
  | { kind: "specificChild"; node: number; extra: number; k: bigint }
  | { kind: "ip"; node: number }
  | { kind: "specificIp"; node: number; k: bigint }
  | { kind: "ipOutside"; node: number }
  | { kind: "release"; node: number; k: number }
  | { kind: "delete"; node: number };

const node = fc.nat({ max: 1000 });
/** Child lengths: mostly a few bits longer than the parent, sometimes the longest there is (/32, /128). */
const extra = fc.oneof(fc.nat({ max: 4 }), fc.constant(200));
const k = fc.bigInt({ min: 0n, max: (1n << 128n) - 1n });
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant("child" as const), node, extra }),
  fc.record({ kind: fc.constant("specificChild" as const), node, extra, k }),
  fc.record({ kind: fc.constant("ip" as const), node }),
  fc.record({ kind: fc.constant("ip" as const), node }),
  fc.record({ kind: fc.constant("specificIp" as const), node, k }),
  fc.record({ kind: fc.constant("ipOutside" as const), node }),
  fc.record({ kind: fc.constant("release" as const), node, k: fc.nat() }),
  fc.record({ kind: fc.constant("delete" as const), node }),
);
const rootLengths: Record<Family, number[]> = { 4: [0, 1, 16, 24, 30, 31, 32], 6: [0, 1, 48, 64, 120, 126, 127, 128] };
const root = fc.constantFrom<Family>(4, 6).chain((family) => fc.record({ family: fc.constant(family), length: fc.constantFrom(...rootLengths[family]) }));
const BASE: Record<Family, bigint> = { 4: 0x0a800000n, 6: 0xfd00_0000_0000_0000_0000_0000_0000_0000n };

async function outcome<T>(p: Promise<T>): Promise<{ ok: T } | { code: string }> {
  try {
    return { ok: await p };
  } catch (err) {
    const problem = toProblem(err);
    if (problem.status === 500) throw err;
    return { code: problem.code };
  }
}

describe.each(testEngines())("IPAM engine properties on %s", (engine) => {
  let database: Database;
  let cleanup: () => Promise<void>;
  beforeAll(async () => ({ database, cleanup } = await freshDatabase(engine)));
  afterAll(async () => cleanup?.());
  const tx = <T>(fn: (t: Database["db"]) => Promise<T>) => database.db.transaction((t) => fn(t as unknown as Database["db"]));
  const prefixOf = (t: Database["db"], n: ModelNode) => getPrefix(t, n.id).then((p) => p!);
  let run = 0;

  async function checkRows(n: ModelNode | null): Promise<void> {
    if (!n) return;
    const rows = await queryRows<{ start: string; end: string }>(database.db, sql`select start::text as start, "end"::text as "end" from ipam_free_ranges where prefix_id = ${n.id} order by ipam_free_ranges.start`);
    const ranges: Gap[] = rows.map((r) => ({ start: BigInt(r.start), end: BigInt(r.end) }));
    expect(freeRangeProblems(n, ranges), `${formatPrefix(n)} (${n.mode})`).toEqual([]);
  }

  async function step(nodes: ModelNode[], o: Op): Promise<void> {
    const n = nodes[o.node % nodes.length];
    const cidr = formatPrefix(n);
    if (o.kind === "child" || o.kind === "specificChild") {
      const length = Math.min(bits(n.family), n.length + 1 + o.extra);
      const size = blockSize(n.family, length);
      const specific = o.kind === "specificChild" && length > n.length ? n.network + (o.k % (blockSize(n.family, n.length) / size)) * size : null;
      const want = specific !== null ? { cidr: formatPrefix({ family: n.family, network: specific, length }) } : { length };
      const got = await outcome(tx(async (t) => acquireChildPrefix(t, await prefixOf(t, n), want)));
      let expected: { ok: bigint | null } | { code: string };
      if (n.mode === "ips") expected = { code: "prefix_has_ips" };
      else if (length <= n.length) expected = { code: "child_too_large" };
      else if (specific !== null) expected = overlapsChild(n, specific, specific + size - 1n) ? { code: "prefix_in_use" } : { ok: specific };
      else expected = { ok: expectedChild(n, length) };
      expect("ok" in got ? { ok: got.ok ? got.ok.prefix.network : null } : got, `${Object.keys(want)[0]} /${length} in ${cidr}`).toEqual(expected);
      if ("ok" in got) n.mode = "children";
      if ("ok" in got && got.ok) {
        const child: ModelNode = { id: got.ok.id, family: n.family, network: got.ok.prefix.network, length, mode: "new", parent: n, children: [], used: new Set() };
        n.children.push(child);
        nodes.push(child);
        await checkRows(child);
      }
    } else if (o.kind === "ip") {
      const got = await outcome(tx(async (t) => acquireNextIp(t, await prefixOf(t, n))));
      const expected = n.mode === "children" ? { code: "prefix_has_children" } : { ok: expectedIp(n) };
      expect(got, `next IP of ${cidr}`).toEqual(expected);
      if ("ok" in got) n.mode = "ips";
      if ("ok" in got && got.ok !== null) n.used.add(got.ok);
    } else if (o.kind === "specificIp" || o.kind === "ipOutside") {
      const address = o.kind === "ipOutside" ? lastOf(n) + 1n : n.network + (o.k % blockSize(n.family, n.length));
      if (address > (1n << BigInt(bits(n.family))) - 1n) return; // nothing outside ::/0
      const got = await outcome(tx(async (t) => acquireSpecificIp(t, await prefixOf(t, n), address)));
      const refusal = specificIpRefusal(n, address);
      expect(got, `${formatIp(n.family, address)} of ${cidr}`).toEqual(refusal ? { code: refusal } : { ok: undefined });
      if (!refusal) {
        n.mode = "ips";
        n.used.add(address);
      }
    } else if (o.kind === "release") {
      if (!n.used.size) return;
      const address = [...n.used][o.k % n.used.size];
      await tx(async (t) => releaseIp(t, await prefixOf(t, n), address));
      n.used.delete(address);
    } else {
      if (!n.parent) return; // the root stays
      const got = await outcome(tx(async (t) => deletePrefix(t, await prefixOf(t, n))));
      const busy = n.used.size > 0 || n.children.length > 0;
      expect(got, `delete ${cidr}`).toEqual(busy ? { code: "prefix_in_use" } : { ok: undefined });
      if (!busy) {
        n.parent.children.splice(n.parent.children.indexOf(n), 1);
        nodes.splice(nodes.indexOf(n), 1);
      }
    }
    await checkRows(n.parent);
    if (nodes.includes(n)) await checkRows(n);
  }

  it("child prefixes and IPs, mixed, IPv4 and IPv6 from /0 to /32 and /128: the engine answers as the model", async () => {
    await fc.assert(fc.asyncProperty(root, fc.array(op, { minLength: 1, maxLength: 40 }), async (r, ops) => {
      const network = r.length === 0 ? 0n : BASE[r.family] & ~(blockSize(r.family, r.length) - 1n);
      const p = await tx((t) => createPrefix(t, `prop-${run++}`, formatPrefix(makePrefix(r.family, network, r.length))));
      const nodes: ModelNode[] = [{ id: p.id, family: r.family, network, length: r.length, mode: "new", parent: null, children: [], used: new Set() }];
      for (const o of ops) await step(nodes, o);
    }), { numRuns: engine === "pglite" ? 60 : 40 });
  }, 120_000);

  it("giving everything back merges the free space into one range again, after any sequence", async () => {
    await fc.assert(fc.asyncProperty(fc.constantFrom<Family>(4, 6), fc.array(fc.nat({ max: 6 }), { minLength: 1, maxLength: 24 }), fc.array(fc.nat(), { minLength: 24, maxLength: 24 }), async (family, lengths, order) => {
      const parentLength = family === 4 ? 24 : 64;
      const network = BASE[family] & ~(blockSize(family, parentLength) - 1n);
      const parent = await tx((t) => createPrefix(t, `merge-${run++}`, formatPrefix(makePrefix(family, network, parentLength))));
      const taken: string[] = [];
      for (const extraBits of lengths) {
        const child = await tx(async (t) => acquireChildPrefix(t, (await getPrefix(t, parent.id))!, { length: parentLength + 1 + extraBits }));
        if (child) taken.push(child.id);
      }
      // Give them back in a random order: every deletion merges with whatever is free beside it.
      const remaining = [...taken];
      for (const i of order) {
        if (!remaining.length) break;
        const [id] = remaining.splice(i % remaining.length, 1);
        await tx(async (t) => deletePrefix(t, (await getPrefix(t, id))!));
      }
      for (const id of remaining) await tx(async (t) => deletePrefix(t, (await getPrefix(t, id))!));
      const rows = await queryRows<{ start: string; end: string }>(database.db, sql`select start::text as start, "end"::text as "end" from ipam_free_ranges where prefix_id = ${parent.id}`);
      expect(rows.map((r) => [BigInt(r.start), BigInt(r.end)])).toEqual([[network, lastOf({ family, network, length: parentLength })]]);
    }), { numRuns: engine === "pglite" ? 30 : 20 });
  }, 120_000);
});
