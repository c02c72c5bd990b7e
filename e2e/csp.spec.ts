import fs from "node:fs";
import path from "node:path";
import { expect, type Page, test } from "@playwright/test";
import { login } from "./helpers";

/**
 * Issue 10 item 4: every page (portal and admin console, found in the app directory, so a new
 * page is covered too) loads under the production Content-Security-Policy without a single
 * violation, as an operator who may see them all.
 */
function pageRoutes(dir = "app", prefix = ""): string[] {
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
async function resolveIds(page: Page): Promise<Record<string, string>> {
  const first = async (p: string) => {
    const res = await page.request.get(p);
    expect(res.status(), p).toBe(200);
    const item = (await res.json()).items[0];
    expect(item, `${p} has no item`).toBeTruthy();
    return item.id as string;
  };
  const projectId = await first("/api/v1/projects");
  const reservation = await page.request.post("/api/v1/size-reservations", { data: { sizeId: "c1-small-x86", projectId, partitionIds: ["lab"], amount: 1, description: "csp e2e" } });
  expect(reservation.status()).toBe(201);
  return {
    "/machines/[id]": await first("/api/v1/machines"),
    "/admin/machines/[id]": await first("/api/v1/machines"),
    "/admin/tenants/[id]": await first("/api/v1/tenants"),
    "/admin/partitions/[id]": await first("/api/v1/partitions"),
    "/admin/sizes/[id]": await first("/api/v1/sizes"),
    "/admin/images/[id]": await first("/api/v1/images"),
    "/admin/filesystem-layouts/[id]": await first("/api/v1/filesystem-layouts"),
    "/admin/size-reservations/[id]": (await reservation.json()).id,
    // The embedded lab has no switches until one registers (e2e/switches.spec.ts): the detail
    // page of an unknown id still renders (its heading and a "not found" error).
    "/admin/switches/[id]": (await (await page.request.get("/api/v1/switches")).json()).items[0]?.id ?? "r99leaf01",
  };
}

test("every page loads under the production CSP without a violation", async ({ page }) => {
  const violations: string[] = [];
  page.on("console", (m) => {
    if (/content security policy|refused to (load|execute|apply|connect|frame)/i.test(m.text())) violations.push(`${page.url()}: ${m.text()}`);
  });
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => console.error(`Content Security Policy violation: ${e.violatedDirective} blocked ${e.blockedURI}`));
  });
  await login(page, "admin@example.com");
  // Every machine registers within seconds of the start; the detail pages need one.
  await expect.poll(async () => (await (await page.request.get("/api/v1/machines")).json()).items.length, { timeout: 30_000 }).toBeGreaterThan(0);
  const ids = await resolveIds(page);
  const routes = pageRoutes();
  expect(routes.length).toBeGreaterThan(20);
  for (const route of [...routes, "/no-such-page"]) {
    const url = route.includes("[") ? route.replace(/\[[^\]]+\]/, ids[route] ?? "") : route;
    expect(ids[route] !== undefined || !route.includes("["), `no id for ${route}: teach resolveIds about it`).toBe(true);
    const res = await page.goto(url, { waitUntil: "load" });
    const csp = res!.headers()["content-security-policy"] ?? "";
    expect(csp, url).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
    expect(csp, url).not.toContain("unsafe-eval");
    expect(csp, url).toContain("frame-ancestors 'none'");
    // Hydrated: the page's own content is on screen (the login redirect would show the sign-in button).
    await expect(page.locator("main, h1").first()).toBeVisible();
  }
  expect(violations).toEqual([]);
});
