import { readFile } from "node:fs/promises";
import path from "node:path";
import { expect, type Page, type Response, test } from "@playwright/test";
import { asUser, chooseProject, ensurePrivateNetwork, login } from "./helpers";

/**
 * Out-of-band control in the browser, against the lab of `npm start`: every lab machine has a
 * Redfish BMC that really switches the simulated machine. Nothing here reloads a page after
 * an action, and the pages' fallback refetch is 60 s: whatever changes within the 10–20 s
 * expect timeouts got there through the live stream.
 */
const NETWORK = "e2e-bmc";

/** The newest command in the history (the list is newest first). */
const newestCommand = (page: Page) => page.getByTestId("bmc-command").first();

async function allocate(page: Page): Promise<{ id: string; hostname: string }> {
  await page.goto("/machines/new");
  const form = page.getByRole("form", { name: "Allocate machine" });
  await form.getByLabel("Partition").selectOption("lab");
  await form.getByLabel("Size").selectOption("c1-small-x86");
  await form.getByLabel("Network").selectOption({ label: `${NETWORK} (private)` });
  const hostname = `bmc-${Date.now().toString(36)}`;
  await form.getByLabel("Hostname (optional)").fill(hostname);
  await form.getByRole("button", { name: "Allocate machine" }).click();
  await expect(page).toHaveURL(/\/machines\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId("timeline-event").first()).toHaveAttribute("data-event", "Phoned Home", { timeout: 30_000 });
  return { id: page.url().split("/").pop()!, hostname };
}

test("a tenant power-cycles her machine and watches it reboot, sets the boot device and the identify LED; others cannot", async ({ page, browser }) => {
  test.setTimeout(120_000);
  await login(page, "olivia@acme.example");
  await chooseProject(page, "acme / web");
  await ensurePrivateNetwork(page, NETWORK);
  const { id, hostname } = await allocate(page);

  const panel = page.getByTestId("bmc-panel");
  await expect(panel.getByTestId("bmc-power-state")).toHaveText("on");
  await expect(panel).not.toContainText("Address"); // how the BMC is reached is for operators
  const timeline = page.getByTestId("timeline-event");
  const eventsBefore = await timeline.count();

  // Destructive: asks first, naming the machine. Dismissing sends nothing (the viewer below counts the commands).
  page.once("dialog", (d) => d.dismiss());
  await page.getByRole("button", { name: "Power cycle…" }).click();
  let question = "";
  page.once("dialog", (d) => {
    question = d.message();
    void d.accept();
  });
  await page.getByRole("button", { name: "Power cycle…" }).click();
  await expect(newestCommand(page)).toHaveAttribute("data-command", "power-cycle");
  expect(question).toContain(hostname);
  await expect(newestCommand(page)).toHaveAttribute("data-status", "succeeded", { timeout: 20_000 });
  await expect(newestCommand(page)).toContainText("Olivia");
  // The reboot in the timeline: planned, and the installed OS phoning home again after it.
  await expect(timeline).toHaveCount(eventsBefore + 2, { timeout: 20_000 });
  await expect(timeline.nth(1)).toHaveAttribute("data-event", "Planned Reboot");
  await expect(timeline.nth(1)).toContainText("power cycle requested by");
  await expect(timeline.first()).toHaveAttribute("data-event", "Phoned Home");

  const boot = page.getByRole("form", { name: "Boot device" });
  await boot.getByLabel("Boot device").selectOption({ label: "Disk" });
  await boot.getByLabel("every boot, not just the next").check();
  await boot.getByRole("button", { name: "Set boot device" }).click();
  await expect(newestCommand(page)).toHaveAttribute("data-command", "boot-disk");
  await expect(newestCommand(page)).toContainText("Boot from disk, every boot");
  await expect(newestCommand(page)).toHaveAttribute("data-status", "succeeded", { timeout: 20_000 });

  await page.getByRole("button", { name: "LED on" }).click();
  await expect(newestCommand(page)).toHaveAttribute("data-command", "identify-on");
  await expect(panel.getByTestId("bmc-identify")).toHaveText("on", { timeout: 20_000 });
  await page.getByRole("button", { name: "LED off" }).click();
  await expect(newestCommand(page)).toHaveAttribute("data-command", "identify-off");
  await expect(panel.getByTestId("bmc-identify")).toHaveText("off", { timeout: 20_000 });

  // A viewer of the project sees the panel and the history, and no buttons.
  const vera = await asUser(browser, "vera@acme.example");
  await vera.page.goto(`/machines/${id}`);
  await expect(vera.page.getByTestId("bmc-panel")).toBeVisible();
  await expect(vera.page.getByTestId("bmc-command")).toHaveCount(5); // install's boot-disk + her four, not the dismissed cycle
  await expect(vera.page.getByTestId("power-controls")).toHaveCount(0);
  await vera.close();

  // Another tenant: no page, no panel, no history, no power.
  const gwen = await asUser(browser, "gwen@globex.example");
  await gwen.page.goto(`/machines/${id}`);
  await expect(gwen.page.getByRole("heading", { name: "Machine not found" })).toBeVisible();
  await expect(gwen.page.getByTestId("bmc-panel")).toHaveCount(0);
  expect((await gwen.page.request.get(`/api/v1/machines/${id}/bmc`)).status()).toBe(404);
  expect((await gwen.page.request.get(`/api/v1/machines/${id}/bmc-commands`)).status()).toBe(404);
  expect((await gwen.page.request.post(`/api/v1/machines/${id}/power`, { data: { action: "off" } })).status()).toBe(404);
  await gwen.close();
  await expect(page.getByTestId("bmc-power-state")).toHaveText("on"); // gwen's "off" never ran
});

/** The lab keeps each BMC's credentials in the machine's directory (lab/bmc/lab-bmcs.ts). */
async function labBmcPassword(machineId: string): Promise<string> {
  const file = path.join(process.cwd(), ".data", "e2e", "lab", machineId, "bmc.json");
  return (JSON.parse(await readFile(file, "utf8")) as { password: string }).password;
}

/** Every API answer the page receives (the endless event stream aside), to search them for secrets. */
function recordApiAnswers(page: Page): () => Promise<string[]> {
  const pending: Promise<string>[] = [];
  page.on("response", (r: Response) => {
    const url = new URL(r.url());
    if (url.pathname.startsWith("/api/") && !url.pathname.endsWith("/machines/stream")) pending.push(r.text().catch(() => ""));
  });
  return () => Promise.all(pending);
}

test("an operator reads a free machine's BMC, breaks its password and sees commands fail, then restores it; the password never reaches the page", async ({ page }) => {
  test.setTimeout(120_000);
  const answers = recordApiAnswers(page);
  await login(page, "admin@example.com");
  await page.goto("/admin/machines?partitionId=lab");
  const candidate = page.getByTestId("admin-machine-row").filter({ hasText: "free" }).filter({ hasText: "Waiting" }).first();
  const id = (await candidate.getAttribute("data-machine-id"))!;
  await candidate.getByRole("link", { name: id }).click();
  await expect(page.getByRole("heading", { name: `Machine ${id}` })).toBeVisible();
  const panel = page.getByTestId("bmc-panel");
  await expect(panel.getByTestId("bmc-address")).toHaveText(/^http:\/\/127\.0\.0\.1:\d+$/);
  await expect(panel.getByTestId("bmc-password-set")).toHaveText("set");

  const wrong = `wrong-${Date.now().toString(36)}`;
  const settings = page.getByRole("form", { name: "BMC settings" });
  await expect(settings.getByLabel("Password")).toHaveValue(""); // never prefilled
  await settings.getByLabel("Address").fill("not a host!");
  await settings.getByLabel("Password").fill(wrong);
  await settings.getByRole("button", { name: "Save BMC settings" }).click();
  await expect(settings.getByText("must be a host, host:port or http(s)://host:port")).toBeVisible();
  await settings.getByLabel("Address").fill(await panel.getByTestId("bmc-address").innerText());
  expect(await page.content()).not.toContain(wrong); // typed, but not in the page's HTML
  await settings.getByRole("button", { name: "Save BMC settings" }).click();
  await expect(page.getByText("BMC settings saved.")).toBeVisible();
  await expect(settings.getByLabel("Password")).toHaveValue("");
  await expect(panel).toContainText("set by an operator");
  // Saving polled the BMC with the new password: the panel shows what it answered.
  await expect(panel.getByTestId("bmc-poll-error")).toContainText("authentication failed", { timeout: 20_000 });

  await page.getByRole("button", { name: "LED on" }).click();
  await expect(newestCommand(page)).toHaveAttribute("data-command", "identify-on");
  await expect(newestCommand(page)).toHaveAttribute("data-status", "failed", { timeout: 20_000 });
  await expect(newestCommand(page).getByTestId("bmc-command-error")).toContainText("authentication failed");

  const issues = await page.context().newPage();
  await issues.goto("/admin/machines/issues");
  await expect(issues.locator('[data-testid="issue-section"][data-issue="bmcCommandFailed"]').getByTestId("issue-row").filter({ hasText: id })).toBeVisible();
  await issues.close();

  const real = await labBmcPassword(id);
  await settings.getByLabel("Password").fill(real);
  await settings.getByRole("button", { name: "Save BMC settings" }).click();
  await expect(panel.getByTestId("bmc-poll-error")).toHaveCount(0, { timeout: 20_000 });
  await expect(panel.getByTestId("bmc-firmware")).toHaveText("2.14.0");
  await expect(panel.getByTestId("bmc-power-draw")).toHaveText(/^\d+ W$/);
  // The systems the poll discovered are offered; the boot mode follows the partition (UEFI).
  await expect(settings.getByLabel("System")).toContainText("Its only system (1)");
  await expect(settings.getByLabel("Boot mode")).toHaveValue("");
  await expect(settings).toContainText("Now: UEFI.");
  await page.getByRole("button", { name: "LED off" }).click();
  await expect(newestCommand(page)).toHaveAttribute("data-command", "identify-off");
  await expect(newestCommand(page)).toHaveAttribute("data-status", "succeeded", { timeout: 20_000 });

  const html = await page.content();
  const bodies = await answers();
  expect(bodies.length).toBeGreaterThan(10);
  for (const secret of [wrong, real]) {
    expect(html).not.toContain(secret);
    for (const body of bodies) expect(body).not.toContain(secret);
  }
});
