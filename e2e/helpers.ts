import { type Browser, expect, type Page } from "@playwright/test";

export const PASSWORD = "demo";

/** Logs in through the real OIDC flow: app login page → dev IdP form → back to the portal. */
export async function login(page: Page, email: string): Promise<void> {
  await page.goto("/login");
  await page.getByRole("button", { name: /sign in with/i }).click();
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(/:\d+\/$/);
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
}

export async function logout(page: Page): Promise<void> {
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
}

/** A second person in their own browser context (own cookies), logged in. */
export async function asUser(browser: Browser, email: string): Promise<{ page: Page; close: () => Promise<void> }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await login(page, email);
  return { page, close: () => context.close() };
}

export async function chooseProject(page: Page, label: string): Promise<void> {
  await page.goto("/machines");
  await switchProject(page, label);
  await expect(page.getByText(`Bare-metal machines of ${label}.`)).toBeVisible();
}

/** The current project needs a private network in the lab partition: create one in the browser if missing. */
export async function ensurePrivateNetwork(page: Page, name: string): Promise<void> {
  await page.getByRole("link", { name: "Networks", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Networks of this project" })).toBeVisible();
  if (await page.getByTestId("network-row").filter({ hasText: name }).count() > 0) return;
  await page.getByRole("button", { name: "New private network" }).click();
  const form = page.getByRole("form", { name: "New private network" });
  await form.getByLabel("Name", { exact: true }).fill(name);
  await form.getByLabel("Partition").selectOption("lab");
  await form.getByRole("button", { name: "Create network" }).click();
  await expect(page.getByTestId("network-row").filter({ hasText: name })).toBeVisible();
}

/**
 * Answers the app's confirmation dialog (components/ui/confirm.tsx): types the name when the
 * dialog asks for it, then presses its confirming button. Returns the dialog's text.
 */
export async function confirmDialog(page: Page, opts: { type?: string; cancel?: boolean } = {}): Promise<string> {
  const dialog = page.getByRole("alertdialog");
  await expect(dialog).toBeVisible();
  const text = (await dialog.textContent()) ?? "";
  if (opts.cancel) {
    await dialog.getByRole("button", { name: "Cancel" }).click();
  } else {
    if (opts.type !== undefined) await dialog.getByRole("textbox").fill(opts.type);
    await dialog.getByRole("button").last().click();
  }
  await expect(dialog).toHaveCount(0);
  return text;
}

/** Picks a project in the header's searchable switcher ("tenant / project"), by typing and Enter. */
export async function switchProject(page: Page, label: string): Promise<void> {
  await page.getByTestId("project-switcher").click();
  await page.getByRole("combobox", { name: "Find a project" }).fill(label);
  await page.getByRole("option", { name: new RegExp(`^${label.split(" / ")[1]}\\b`) }).first().click();
  await expect(page.getByTestId("project-switcher")).toHaveAccessibleName(`Current project: ${label}`);
}
