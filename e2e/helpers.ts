import { expect, type Page } from "@playwright/test";

export const PASSWORD = "demo";

/** Logs in through the real OIDC flow: app login page → dev IdP form → back to the portal. */
export async function login(page: Page, email: string): Promise<void> {
  await page.goto("/login");
  await page.getByRole("button", { name: /sign in with/i }).click();
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(/\/projects$/);
  await expect(page.getByTestId("user-name")).toBeVisible();
}

export async function logout(page: Page): Promise<void> {
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
}
