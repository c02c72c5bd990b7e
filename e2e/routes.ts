import fs from "node:fs";
import path from "node:path";
import { expect, type Page } from "@playwright/test";

/** Every page of the app (portal and admin console), found in the app directory so a new page is covered too. */
export function pageRoutes(dir = "app", prefix = ""): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (!e.isDirectory()) {
      if (e.name === "page.tsx") out.push(prefix || "/");
      continue;
    }
    if (e.name === "api") continue;
    // Route groups such as (portal) add no path segment.
    const segment = /^\(.*\)$/.test(e.name) ? "" : `/${e.name}`;
    out.push(...pageRoutes(path.join(dir, e.name), prefix + segment));
  }
  return out;
}

/** A real id for each dynamic segment, read through the API with the operator's session. */
export async function resolveIds(page: Page): Promise<Record<string, string>> {
  const first = async (p: string) => {
    const res = await page.request.get(p);
    expect(res.status(), p).toBe(200);
    const item = (await res.json()).items[0];
    expect(item, `${p} has no item`).toBeTruthy();
    return item.id as string;
  };
  const projectId = await first("/api/v1/projects");
  // One reservation serves every spec that walks the pages (a second would hold back another lab machine).
  const existing = (await (await page.request.get("/api/v1/size-reservations")).json()).items?.[0]?.id as string | undefined;
  const reservationId = existing ?? await (async () => {
    const res = await page.request.post("/api/v1/size-reservations", { data: { sizeId: "c1-small-x86", projectId, partitionIds: ["lab"], amount: 1, description: "page walk e2e" } });
    expect(res.status()).toBe(201);
    return (await res.json()).id as string;
  })();
  return {
    "/machines/[id]": await first("/api/v1/machines"),
    "/admin/machines/[id]": await first("/api/v1/machines"),
    "/admin/tenants/[id]": await first("/api/v1/tenants"),
    "/admin/partitions/[id]": await first("/api/v1/partitions"),
    "/admin/sizes/[id]": await first("/api/v1/sizes"),
    "/admin/images/[id]": await first("/api/v1/images"),
    "/admin/filesystem-layouts/[id]": await first("/api/v1/filesystem-layouts"),
    "/admin/size-reservations/[id]": reservationId,
    // The embedded lab has no switches until one registers (e2e/switches.spec.ts): the detail
    // page of an unknown id still renders (its heading and a "not found" error).
    "/admin/switches/[id]": (await (await page.request.get("/api/v1/switches")).json()).items[0]?.id ?? "r99leaf01",
  };
}

/** The URL of a route, with the dynamic segment filled in. */
export function routeUrl(route: string, ids: Record<string, string>): string {
  expect(ids[route] !== undefined || !route.includes("["), `no id for ${route}: teach resolveIds about it`).toBe(true);
  return route.includes("[") ? route.replace(/\[[^\]]+\]/, ids[route] ?? "") : route;
}
