import { describe, expect, it } from "vitest";
import { readUntil } from "@/lib/test/sse";
import { sseResponse } from "./sse";

/** The SSE framing and lifetime rules, with a source the test drives. */
describe("sseResponse", () => {
  it("frames events, sends heartbeats, and closes the source when the client goes away", async () => {
    let send: (data: { n: number }) => void = () => {};
    let closed = 0;
    const client = new AbortController();
    const res = await sseResponse<{ n: number }>(client.signal, async (s) => {
      send = s;
      return () => void closed++;
    }, { event: "tick", heartbeatMs: 20 });
    expect(res.headers.get("content-type")).toBe("text/event-stream; charset=utf-8");
    expect(res.headers.get("cache-control")).toBe("no-cache, no-transform");
    const reader = res.body!.getReader();
    expect(await readUntil(reader, ": connected")).toMatch(/^retry: 3000\n/);
    send({ n: 1 });
    expect(await readUntil(reader, "}\n\n")).toContain('event: tick\ndata: {"n":1}\n\n');
    expect(await readUntil(reader, ": heartbeat\n\n")).toContain(": heartbeat");
    client.abort();
    expect(closed).toBe(1);
    expect((await reader.read()).done).toBe(true);
    send({ n: 2 }); // after the end: ignored, no throw
  });

  it("ends after the maximum duration, or when the source ends it, closing the source once", async () => {
    let closed = 0;
    const res = await sseResponse(new AbortController().signal, async () => () => void closed++, { event: "x", maxDurationMs: 30 });
    const reader = res.body!.getReader();
    await readUntil(reader, ": connected");
    expect((await reader.read()).done).toBe(true);
    expect(closed).toBe(1);

    let end: () => void = () => {};
    const res2 = await sseResponse(new AbortController().signal, async (_s, e) => {
      end = e;
      return () => void closed++;
    }, { event: "x" });
    const reader2 = res2.body!.getReader();
    await readUntil(reader2, ": connected");
    end();
    expect((await reader2.read()).done).toBe(true);
    expect(closed).toBe(2);
  });

  it("lets a failing source fail the request, so the route answers with a problem", async () => {
    await expect(sseResponse(new AbortController().signal, async () => {
      throw new Error("no listener");
    }, { event: "x" })).rejects.toThrow("no listener");
  });
});
