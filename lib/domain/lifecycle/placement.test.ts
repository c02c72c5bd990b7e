import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { pickMachine, type PlacementCandidate } from "./placement";

const always = (r: number) => () => r;

describe("pickMachine, examples", () => {
  const candidates = [
    { id: "m1", rack: "r1" },
    { id: "m2", rack: "r1" },
    { id: "m3", rack: "r2" },
    { id: "m4", rack: "r3" },
  ];

  it("returns null when there is nothing to pick", () => {
    expect(pickMachine([], {}, Math.random)).toBeNull();
  });

  it("goes to the rack where the project has the fewest machines", () => {
    expect(pickMachine(candidates, { r1: 2, r2: 0, r3: 1 }, always(0.99))).toBe("m3");
  });

  it("counts a rack missing from the counts as empty", () => {
    expect(pickMachine(candidates, { r1: 1, r2: 1 }, always(0))).toBe("m4");
  });

  it("ignores racks without candidates, however empty", () => {
    expect(pickMachine(candidates, { r1: 1, r2: 3, r3: 2, r9: 0 }, always(0.99))).toBe("m2");
  });

  it("picks by random among the least-used racks, in id order", () => {
    const tie = { r1: 0, r2: 0, r3: 5 };
    expect([0, 0.34, 0.67].map((r) => pickMachine(candidates, tie, always(r)))).toEqual(["m1", "m2", "m3"]);
  });

  it("survives a generator that returns 1, a negative number or NaN", () => {
    expect(pickMachine(candidates, {}, always(1))).toBe("m4");
    expect(pickMachine(candidates, {}, always(-3))).toBe("m1");
    expect(pickMachine(candidates, {}, always(Number.NaN))).toBe("m1");
  });
});

const racks = ["r1", "r2", "r3", "r4"];
const candidatesArb = fc.uniqueArray(
  fc.record({ id: fc.string({ minLength: 1, maxLength: 6 }), rack: fc.constantFrom(...racks) }),
  { selector: (c) => c.id, minLength: 1, maxLength: 20 },
);
const countsArb = fc.dictionary(fc.constantFrom(...racks), fc.nat({ max: 5 }));

/** The oracle: candidates whose rack count is the minimum over candidate racks. */
function leastUsedIds(cands: PlacementCandidate[], counts: Record<string, number>): string[] {
  const count = (rack: string) => counts[rack] ?? 0;
  const min = Math.min(...cands.map((c) => count(c.rack)));
  return cands.filter((c) => count(c.rack) === min).map((c) => c.id);
}

describe("pickMachine, properties", () => {
  it("always picks a candidate from a least-used rack", () => {
    fc.assert(
      fc.property(candidatesArb, countsArb, fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (cands, counts, r) => {
        expect(leastUsedIds(cands, counts)).toContain(pickMachine(cands, counts, always(r)));
      }),
    );
  });

  it("can reach every candidate of the least-used racks, and only those", () => {
    fc.assert(
      fc.property(candidatesArb, countsArb, (cands, counts) => {
        const want = leastUsedIds(cands, counts);
        const picks = new Set(want.map((_, i) => pickMachine(cands, counts, always((i + 0.5) / want.length))));
        expect([...picks].sort()).toEqual([...want].sort());
      }),
    );
  });

  it("does not depend on the order the candidates arrive in", () => {
    fc.assert(
      fc.property(
        candidatesArb.chain((c) => fc.tuple(fc.constant(c), fc.shuffledSubarray(c, { minLength: c.length, maxLength: c.length }))),
        countsArb,
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        ([cands, shuffled], counts, r) => {
          expect(pickMachine(shuffled, counts, always(r))).toBe(pickMachine(cands, counts, always(r)));
        },
      ),
    );
  });

  it("spreads a project evenly: racks with free machines never differ by more than one", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 5 }), fc.infiniteStream(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true })), (rackCount, perRack, rs) => {
        let pool = racks.slice(0, rackCount).flatMap((rack) => Array.from({ length: perRack }, (_, i) => ({ id: `${rack}-${i}`, rack })));
        const counts: Record<string, number> = {};
        const stream = rs[Symbol.iterator]();
        while (pool.length > 0) {
          const id = pickMachine(pool, counts, () => stream.next().value as number)!;
          const rack = pool.find((c) => c.id === id)!.rack;
          counts[rack] = (counts[rack] ?? 0) + 1;
          pool = pool.filter((c) => c.id !== id);
          const used = racks.slice(0, rackCount).map((r) => counts[r] ?? 0);
          expect(Math.max(...used) - Math.min(...used)).toBeLessThanOrEqual(1);
        }
      }),
    );
  });
});
