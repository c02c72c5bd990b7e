import { describe, expect, it } from "vitest";
import { pageCount, pageLinks, parsePage, parsePageSize } from "./pages";

describe("pageLinks", () => {
  it("lists every page when there are few", () => {
    expect(pageLinks(1, 1)).toEqual([1]);
    expect(pageLinks(2, 4)).toEqual([1, 2, 3, 4]);
  });

  it("keeps first, last and the neighbours of the current page, with gaps between", () => {
    expect(pageLinks(1, 200)).toEqual([1, 2, "gap", 200]);
    expect(pageLinks(50, 200)).toEqual([1, "gap", 49, 50, 51, "gap", 200]);
    expect(pageLinks(200, 200)).toEqual([1, "gap", 199, 200]);
  });

  it("shows a single left-out page instead of a gap", () => {
    expect(pageLinks(4, 7)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(pageLinks(5, 10)).toEqual([1, "gap", 4, 5, 6, "gap", 10]);
  });

  it("clamps a current page beyond the ends", () => {
    expect(pageLinks(99, 3)).toEqual([1, 2, 3]);
    expect(pageLinks(0, 3)).toEqual([1, 2, 3]);
  });
});

describe("page numbers from the URL", () => {
  it("counts pages, at least one", () => {
    expect(pageCount(0, 50)).toBe(1);
    expect(pageCount(50, 50)).toBe(1);
    expect(pageCount(51, 50)).toBe(2);
  });
  it("falls back on nonsense", () => {
    expect(parsePage("3")).toBe(3);
    expect(parsePage("0")).toBe(1);
    expect(parsePage("2.5")).toBe(1);
    expect(parsePage(undefined)).toBe(1);
    expect(parsePageSize("100")).toBe(100);
    expect(parsePageSize("7")).toBe(50);
    expect(parsePageSize("10")).toBe(10);
  });
});
