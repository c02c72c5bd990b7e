import { describe, expect, it } from "vitest";
import { availability, type SizeCapacity } from "./availability";
import { filtersFrom } from "./search-params";

const size = (c: Partial<SizeCapacity>): SizeCapacity => ({ sizeId: "s", total: 0, allocated: 0, waiting: 0, reserved: 0, free: 0, unavailable: 0, faulty: 0, other: 0, ...c });

describe("availability shown in the allocation form", () => {
  it("blocks only when nothing of the size is waiting, and says where the machines are", () => {
    expect(availability(undefined)).toEqual({ blocked: true, text: expect.stringContaining("No machine of this size is available right now.") });
    const busy = availability(size({ total: 4, allocated: 1, other: 1, unavailable: 1, faulty: 1 }));
    expect(busy.blocked).toBe(true);
    expect(busy.text).toContain("(1 allocated, 1 booting or being reclaimed, 1 locked, tainted or not responding, 1 in a crash loop or failed reclaim)");
  });

  it("counts free machines, and explains machines held for reservations without blocking", () => {
    expect(availability(size({ total: 3, waiting: 3, free: 1, reserved: 2 }))).toEqual({ blocked: false, text: "1 machine available now (2 more held for reservations)." });
    expect(availability(size({ total: 2, waiting: 2, free: 2 })).text).toBe("2 machines available now.");
    const held = availability(size({ total: 2, waiting: 2, free: 0, reserved: 2 }));
    expect(held.blocked).toBe(false); // a project holding the reservation may still get one: the server decides
    expect(held.text).toContain("held for size reservations");
  });
});

describe("list filters from a page's search params", () => {
  it("keeps only the named, non-empty, single-valued filters", () => {
    expect(filtersFrom({ state: " Waiting ", sizeId: "", partitionId: ["a", "b"], q: "x", evil: "y" }, ["state", "sizeId", "partitionId"])).toEqual({ state: "Waiting" });
  });
});
