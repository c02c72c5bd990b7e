import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/client";
import { freshDatabase, requirePostgres } from "@/lib/test/databases";
import { acquirePoolValue, releasePoolValue } from "./pools";

/**
 * Integer pools do not serialise their callers: a transaction taking an ASN does not wait for
 * another one that took an ASN and has not committed yet (issue 14: a pool-wide lock held to
 * commit queued every allocation of a partition behind the others). PostgreSQL only: PGlite
 * runs one transaction at a time anyway.
 */
const url = requirePostgres("pools.test.ts");

describe.runIf(url)("integer pools under concurrency (PostgreSQL)", () => {
  let database: Database;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    ({ database, cleanup } = await freshDatabase("postgres"));
  });
  afterAll(async () => cleanup?.());

  it("hands a second transaction the next value while the first is still open, and reuses freed values lowest first", async () => {
    let releaseFirst!: () => void;
    const firstHolds = new Promise<void>((r) => (releaseFirst = r));
    let firstValue!: number;
    const tookFirst = new Promise<void>((resolve) => {
      void database.db.transaction(async (tx) => {
        firstValue = await acquirePoolValue(tx, "asn", "m-1");
        resolve();
        await firstHolds; // still open while the second one runs
      });
    });
    await tookFirst;
    const second = await Promise.race([
      database.db.transaction((tx) => acquirePoolValue(tx, "asn", "m-2")),
      new Promise<"blocked">((r) => setTimeout(() => r("blocked"), 5_000)),
    ]);
    releaseFirst();
    expect(second).not.toBe("blocked");
    expect(second).not.toBe(firstValue);

    // 30 at once: distinct values, none far beyond the lowest free ones.
    const many = await Promise.all(Array.from({ length: 30 }, (_, i) => database.db.transaction((tx) => acquirePoolValue(tx, "asn", `c-${i}`))));
    expect(new Set(many).size).toBe(30);
    expect(Math.max(...many, firstValue, second as number)).toBeLessThan(32 + 128);

    await database.db.transaction((tx) => releasePoolValue(tx, "asn", many[3]));
    expect(await database.db.transaction((tx) => acquirePoolValue(tx, "asn", "again"))).toBe(many[3]); // the only gap: values are dense from the pool's start
  }, 60_000);
});
