import { expect, request, test } from "@playwright/test";
import { confirmDialog, login, logout } from "./helpers";

test.describe.configure({ mode: "serial" });

test("a tenant owner creates a project and an API token, uses it with the API, and revokes it", async ({ page, baseURL }) => {
  await login(page, "olivia@acme.example");
  await expect(page.getByTestId("user-role")).toContainText("owner");
  // The portal opens on the current project's overview; projects are one click away.
  await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
  await page.getByRole("navigation", { name: "Portal" }).getByRole("link", { name: "Projects" }).click();

  await page.getByRole("button", { name: "New project" }).click();
  const form = page.getByRole("form", { name: "New project" });
  await form.getByLabel("Name").fill("Bad Name");
  await form.getByRole("button", { name: "Create project" }).click();
  await expect(form.getByText(/lowercase letters/)).toBeVisible();
  await form.getByLabel("Name").fill("e2e-shop");
  await form.getByLabel("Description").fill("made in the browser");
  await form.getByRole("button", { name: "Create project" }).click();
  await expect(page.getByRole("cell", { name: /e2e-shop/ }).first()).toBeVisible();

  await page.getByRole("link", { name: "API tokens" }).click();
  await page.getByRole("button", { name: "New token" }).click();
  await page.getByLabel("Description").fill("e2e automation");
  await page.getByRole("checkbox").first().check();
  await page.getByRole("button", { name: /create token/i }).click();
  const secret = await page.getByTestId("token-secret").inputValue();
  expect(secret).toMatch(/^mtk_/);

  const api = await request.newContext({ baseURL });
  const me = await api.get("/api/v1/me", { headers: { authorization: `Bearer ${secret}` } });
  expect(me.status()).toBe(200);
  expect((await me.json()).email).toBe("olivia@acme.example");

  await page.getByRole("button", { name: "Done" }).click();
  await expect(page.getByTestId("token-secret")).toHaveCount(0);
  await page.getByRole("row", { name: /e2e automation/ }).getByRole("button", { name: "Revoke" }).click();
  expect(await confirmDialog(page)).toContain("e2e automation");
  await expect(page.getByTestId("toast").filter({ hasText: "Token revoked" })).toBeVisible();
  await expect(page.getByRole("row", { name: /e2e automation/ })).toHaveCount(0);

  const after = await api.get("/api/v1/me", { headers: { authorization: `Bearer ${secret}` } });
  expect(after.status()).toBe(401);
  expect(after.headers()["content-type"]).toContain("application/problem+json");
  await api.dispose();
});

test("a viewer is refused the create action, in the UI and the API", async ({ page }) => {
  await login(page, "vera@acme.example");
  await page.goto("/projects");
  await expect(page.getByTestId("user-role")).toContainText("viewer");
  await expect(page.getByRole("cell", { name: /e2e-shop/ }).first()).toBeVisible();
  await expect(page.getByRole("button", { name: "New project" })).toHaveCount(0);
  const tenants = await (await page.request.get("/api/v1/tenants")).json();
  const res = await page.request.post("/api/v1/projects", { data: { tenantId: tenants.items[0].id, name: "viewer-made" } });
  expect(res.status()).toBe(403);
  expect((await res.json()).code).toBe("forbidden");
});

test("one tenant cannot see another tenant's project, in the UI or the API", async ({ page }) => {
  await login(page, "olivia@acme.example");
  const list = await (await page.request.get("/api/v1/projects?q=e2e-shop")).json();
  const acmeProjectId: string = list.items[0].id;
  await logout(page);

  await login(page, "gwen@globex.example");
  await page.goto("/projects");
  await expect(page.getByRole("cell", { name: /analytics/ }).first()).toBeVisible();
  await expect(page.getByText("e2e-shop")).toHaveCount(0);
  const direct = await page.request.get(`/api/v1/projects/${acmeProjectId}`);
  expect(direct.status()).toBe(404);
  const patch = await page.request.patch(`/api/v1/projects/${acmeProjectId}`, { data: { name: "stolen" } });
  expect(patch.status()).toBe(404);
  const del = await page.request.delete(`/api/v1/projects/${acmeProjectId}`);
  expect(del.status()).toBe(404);
  await expect(page.getByRole("link", { name: "Admin console" })).toHaveCount(0);
});
