import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Database } from "@/lib/db/client";
import { freshDatabase, testEngines } from "@/lib/test/databases";
import { listenForMachineChanges } from "./machines/allocation.fixtures";
import { notifyMachineChanged } from "./machines/notify";
import { inTx, joinPayloads } from "./tx";

describe("joinPayloads", () => {
  it("joins a channel's payloads with commas, keeps repeats and order, and stays under PostgreSQL's payload limit", () => {
    const ids = Array.from({ length: 600 }, (_, i) => `machine-${String(i).padStart(27, "0")}`); // 35 characters each
    const out = joinPayloads([...ids.map((payload) => ({ channel: "m", payload })), { channel: "jobs", payload: "a" }, { channel: "jobs", payload: "a" }]);
    const machines = out.filter((n) => n.channel === "m");
    expect(machines.length).toBeGreaterThan(1);
    for (const n of machines) expect(n.payload.length).toBeLessThanOrEqual(7000);
    expect(machines.flatMap((n) => n.payload.split(","))).toEqual(ids);
    expect(out.filter((n) => n.channel === "jobs")).toEqual([{ channel: "jobs", payload: "a,a" }]);
  });
});

/**
 * Notifications of transactions opened by inTx go out after the commit, batched (tx.ts): a
 * listener hears of a change only when it can read it, never of a rolled-back one, and every one
 * of many concurrent transactions' notifications arrives.
 */
describe.each(testEngines())("notifications after commit on %s", (engine) => {
  let database: Database;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    ({ database, cleanup } = await freshDatabase(engine));
    await database.db.execute(sql`create table notes (id text primary key)`);
  });
  afterAll(async () => cleanup?.());

  it("is heard for a committed transaction, never for a rolled-back one", async () => {
    const listener = await listenForMachineChanges(database);
    try {
      await expect(inTx(undefined, async (t) => {
        await t.execute(sql`insert into notes values ('rolled-back')`);
        await notifyMachineChanged(t, "rolled-back");
        throw new Error("roll back");
      })).rejects.toThrow("roll back");
      await inTx(undefined, async (t) => {
        await t.execute(sql`insert into notes values ('committed')`);
        await notifyMachineChanged(t, "committed");
      });
      await vi.waitFor(() => expect(listener.payloads).toContain("committed"), { timeout: 10_000, interval: 20 });
      expect(listener.payloads).toEqual(["committed"]); // the rolled-back one went nowhere
    } finally {
      await listener.close();
    }
  });

  it("folds a transaction's identical notifications into one, as PostgreSQL does", async () => {
    const listener = await listenForMachineChanges(database);
    try {
      await inTx(undefined, async (t) => {
        for (const id of ["twice", "once", "twice"]) await notifyMachineChanged(t, id);
      });
      await inTx(undefined, (t) => notifyMachineChanged(t, "marker"));
      await vi.waitFor(() => expect(listener.payloads).toContain("marker"), { timeout: 10_000, interval: 20 });
      expect(listener.payloads).toEqual(["twice", "once", "marker"]);
    } finally {
      await listener.close();
    }
  });

  it("delivers every notification of 40 concurrent transactions, several per payload when they commit together", async () => {
    const listener = await listenForMachineChanges(database);
    try {
      const ids = Array.from({ length: 40 }, (_, i) => `m-${i}`);
      await Promise.all(ids.map((id) => inTx(undefined, async (t) => {
        await t.execute(sql`insert into notes values (${id})`);
        await notifyMachineChanged(t, id);
      })));
      await vi.waitFor(() => expect([...listener.payloads].sort()).toEqual([...ids].sort()), { timeout: 10_000, interval: 20 });
    } finally {
      await listener.close();
    }
  });
});
