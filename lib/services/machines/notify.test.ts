import { getEventListeners } from "node:events";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/client";
import { freshDatabase, testEngines } from "@/lib/test/databases";
import { closeMachineNotifications, notifyMachineChanged, subscribeMachine } from "./notify";

/** One machine's change subscription, as the agent's long poll uses it round after round. */
describe.each(testEngines())("machine change subscription on %s", (engine) => {
  let database: Database;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    ({ database, cleanup } = await freshDatabase(engine));
  });
  afterAll(async () => {
    await closeMachineNotifications();
    await cleanup?.();
  });

  it("wakes on the machine's notification, times out otherwise, and leaves no listener on the request's signal", async () => {
    const request = new AbortController();
    for (let round = 0; round < 12; round++) {
      const sub = await subscribeMachine("m-1");
      const woken = sub.changed(10_000, request.signal);
      await notifyMachineChanged(database.db, "m-1");
      expect(await woken).toBe(true);
      sub.close();
    }
    const quiet = await subscribeMachine("m-1");
    expect(await quiet.changed(50, request.signal)).toBe(false);
    quiet.close();
    expect(getEventListeners(request.signal, "abort")).toHaveLength(0);

    const aborted = await subscribeMachine("m-1");
    const waiting = aborted.changed(10_000, request.signal);
    request.abort();
    expect(await waiting).toBe(false);
    aborted.close();
  });
});
