import { afterEach, describe, expect, it } from "vitest";
import { beginShutdown, resetShutdownSignalForTests } from "@/lib/runtime/shutdown-signal";
import { changeLatch } from "./change-latch";

/** The long polls' latch: a change, the timeout, the client hanging up, and the server shutting down. */
describe("changeLatch", () => {
  afterEach(() => resetShutdownSignalForTests());

  it("answers true at once when a change fired before the wait, and at the next change otherwise", async () => {
    const a = changeLatch();
    a.fire();
    expect(await a.changed(60_000)).toBe(true);
    const b = changeLatch();
    const waiting = b.changed(60_000);
    b.fire();
    expect(await waiting).toBe(true);
  });

  it("answers false at the timeout and when the request is aborted", async () => {
    expect(await changeLatch().changed(10)).toBe(false);
    const hangUp = new AbortController();
    const waiting = changeLatch().changed(60_000, hangUp.signal);
    hangUp.abort();
    expect(await waiting).toBe(false);
  });

  it("ends a waiting long poll the moment the shutdown begins, and does not wait at all after it", async () => {
    const t0 = Date.now();
    const waiting = changeLatch().changed(60_000);
    beginShutdown();
    expect(await waiting).toBe(false);
    expect(await changeLatch().changed(60_000)).toBe(false);
    expect(Date.now() - t0).toBeLessThan(5_000); // far below the 60 s timeout: the shutdown ended both
  });
});
