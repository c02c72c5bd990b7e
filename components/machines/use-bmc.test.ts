import { describe, expect, it } from "vitest";
import type { BmcCommandDto } from "@/lib/contracts/bmc";
import { withNewCommands } from "./use-bmc";

const cmd = (id: string, status: BmcCommandDto["status"] = "queued"): BmcCommandDto => ({
  id, machineId: "m", command: "power-cycle", persistent: false, origin: "user", requester: "Olivia", status,
  error: null, note: null, attempts: 0, createdAt: "2026-01-01T00:00:00Z", startedAt: null, finishedAt: null,
});

describe("a power action's answer in the command history", () => {
  it("goes on top of the first page at once, newest first", () => {
    const data = { pages: [{ items: [cmd("a", "succeeded")], nextCursor: "c" }, { items: [cmd("z")], nextCursor: null }], pageParams: [null, "c"] };
    const next = withNewCommands(data, [cmd("b"), cmd("c")])!;
    expect(next.pages[0].items.map((c) => c.id)).toEqual(["c", "b", "a"]);
    expect(next.pages[1]).toBe(data.pages[1]);
  });

  it("is not added twice when a refetch already brought it, and nothing is made up before the first load", () => {
    const data = { pages: [{ items: [cmd("b", "running")], nextCursor: null }], pageParams: [null] };
    expect(withNewCommands(data, [cmd("b")])!.pages[0].items).toEqual([cmd("b", "running")]);
    expect(withNewCommands(undefined, [cmd("b")])).toBeUndefined();
  });
});
