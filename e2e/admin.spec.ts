import { expect, test } from "@playwright/test";
import { login } from "./helpers";

test("an operator finds tenant activity in the audit log and filters it", async ({ page }) => {
  await login(page, "admin@example.com");
  await page.getByRole("link", { name: "Admin console" }).click();
  // The operator's home: fleet, capacity, issues and the latest audit entries.
  await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
  await expect(page.getByTestId("fleet-chart").locator("svg").first()).toBeVisible();
  await expect(page.getByTestId("capacity-overview")).toContainText("c1-small-x86");
  await expect(page.getByTestId("activity").getByRole("listitem").first()).toBeVisible();
  await page.getByRole("navigation", { name: "Admin console" }).getByRole("link", { name: "Tenants" }).click();
  await expect(page.getByRole("heading", { name: "Tenants" })).toBeVisible();
  await expect(page.getByRole("link", { name: "acme", exact: true })).toBeVisible();

  await page.getByRole("link", { name: "Audit log" }).click();
  await expect(page.getByRole("heading", { name: "Audit log" })).toBeVisible();
  await page.getByLabel("Action").fill("tenant.create");
  await page.getByRole("button", { name: /apply|filter/i }).click();
  await expect(page).toHaveURL(/action=tenant\.create/);
  await expect(page.getByRole("cell", { name: "tenant.create" }).first()).toBeVisible();
  await expect(page.getByRole("cell", { name: "project.create" })).toHaveCount(0);

  // The changes as a field-level diff (a create adds every field), and the target links to its page.
  await page.getByRole("button", { name: /^Show changes of tenant\.create/ }).first().click();
  const diff = page.getByRole("table", { name: /^Changes of tenant\.create/ });
  await expect(diff.locator('[data-testid="audit-diff-row"][data-kind="added"]').filter({ hasText: /^name/ })).toHaveCount(1);
  const target = page.getByRole("row").filter({ hasText: "tenant.create" }).first().getByRole("link");
  const targetId = (await target.textContent())!;
  await target.click();
  await expect(page).toHaveURL(new RegExp(`/admin/tenants/${targetId}$`));
});

test("a tenant member is kept out of the admin console and the audit API", async ({ page }) => {
  await login(page, "eddie@acme.example");
  await page.goto("/admin/audit");
  await expect(page.getByText("Operators only")).toBeVisible();
  const res = await page.request.get("/api/v1/audit");
  expect(res.status()).toBe(403);
});

test.describe("on a narrow screen", () => {
  test.use({ viewport: { width: 375, height: 740 } });

  test("the portal pages fit the width and keep their navigation", async ({ page }) => {
    await login(page, "olivia@acme.example");
    for (const path of ["/projects", "/tokens"]) {
      await page.goto(path);
      await expect(page.getByRole("navigation", { name: "Portal" })).toBeVisible();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, `${path} scrolls sideways`).toBeLessThanOrEqual(0);
    }
  });
});
