import AxeBuilder from "@axe-core/playwright";
import { expect, type Page, test } from "@playwright/test";
import { login } from "./helpers";
import { pageRoutes, resolveIds, routeUrl } from "./routes";

/**
 * Issue 15 item 9: axe-core on every page of both consoles (found in the app directory, so a
 * new page is covered too), in light and in dark mode, as an operator who may see them all.
 * Any serious or critical finding fails the test, listed with its rule, target and page.
 */
const BLOCKING = new Set(["serious", "critical"]);

async function settled(page: Page): Promise<void> {
  // Data arrives after hydration: wait for the skeletons to go (a page may legitimately keep none).
  await expect(page.locator("main, h1").first()).toBeVisible();
  await expect(page.locator(".animate-pulse")).toHaveCount(0, { timeout: 15_000 });
}

async function findings(page: Page, url: string, scheme: string): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]).analyze();
  return result.violations
    .filter((v) => BLOCKING.has(v.impact ?? ""))
    .flatMap((v) => v.nodes.map((n) => `${scheme} ${url}: [${v.impact}] ${v.id} at ${n.target.join(" ")}: ${n.failureSummary?.split("\n").slice(0, 2).join(" ")}`));
}

for (const scheme of ["light", "dark"] as const) {
  test(`every page has no serious or critical axe finding (${scheme})`, async ({ page }) => {
    test.setTimeout(240_000);
    await page.emulateMedia({ colorScheme: scheme });
    await page.goto("/login");
    const problems = await findings(page, "/login", scheme);
    await login(page, "admin@example.com");
    await expect.poll(async () => (await (await page.request.get("/api/v1/machines")).json()).items.length, { timeout: 30_000 }).toBeGreaterThan(0);
    const ids = await resolveIds(page);
    for (const route of [...pageRoutes().filter((r) => r !== "/cli-login" && r !== "/login"), "/no-such-page"]) {
      const url = routeUrl(route, ids);
      await page.goto(url, { waitUntil: "load" });
      await settled(page);
      // The theme follows the emulated OS setting: prove the mode under test is the one on screen.
      await expect(page.locator("html")).toHaveClass(scheme === "dark" ? /\bdark\b/ : /^(?!.*\bdark\b)/);
      problems.push(...await findings(page, url, scheme));
    }
    expect(problems).toEqual([]);
  });
}
