import { expect, test } from "@playwright/test";
import { login } from "./helpers";
import { pageRoutes, resolveIds, routeUrl } from "./routes";

/**
 * Issue 10 item 4: every page (portal and admin console, found in the app directory, so a new
 * page is covered too) loads under the production Content-Security-Policy without a single
 * violation, as an operator who may see them all.
 */
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
    const url = routeUrl(route, ids);
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
