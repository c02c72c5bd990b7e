import { expect, test } from "@playwright/test";
import { asUser, chooseProject, ensurePrivateNetwork, login } from "./helpers";

/**
 * Machines in the browser, against the lab partition of `npm start` (8 simulated machines that
 * run the real agent). Each test sets up what it needs. "Live" is checked in a second tab that
 * is never reloaded: its fallback refetch is 60 s, far beyond the 10 s expect timeout, so only
 * the event stream can update it in time.
 */
const NETWORK = "e2e-machines";

test("a tenant allocates a machine, watches it provision live and frees it; it returns to Waiting; other tenants and viewers cannot touch it", async ({ page, browser }) => {
  test.setTimeout(120_000);
  await login(page, "olivia@acme.example");
  await chooseProject(page, "acme / web");
  await ensurePrivateNetwork(page, NETWORK);

  const list = await page.context().newPage();
  await list.goto("/machines");
  await expect(list.getByTestId("live-status")).toHaveAttribute("data-status", "live");

  await page.goto("/machines/new");
  const form = page.getByRole("form", { name: "Allocate machine" });
  await form.getByLabel("Partition").selectOption("lab");
  // The GPU size has no machine in the lab: the form says so and will not submit.
  await form.getByLabel("Size").selectOption("g1-gpu-x86");
  await expect(page.getByTestId("capacity-hint")).toContainText("No machine of this size is available right now");
  await expect(form.getByRole("button", { name: "Allocate machine" })).toBeDisabled();
  await form.getByLabel("Size").selectOption("c1-small-x86");
  await expect(page.getByTestId("capacity-hint")).toContainText(/\d+ machines? available now/);
  await form.getByLabel("Network").selectOption({ label: `${NETWORK} (private)` });
  // The API's own schema checks the form before anything is sent.
  await form.getByLabel("Hostname (optional)").fill("Not_A_Label");
  await form.getByRole("button", { name: "Allocate machine" }).click();
  await expect(form.getByText("must be a DNS label")).toBeVisible();
  const hostname = `e2e-${Date.now().toString(36)}`;
  await form.getByLabel("Hostname (optional)").fill(hostname);

  const clicked = Date.now();
  await form.getByRole("button", { name: "Allocate machine" }).click();
  await expect(page).toHaveURL(/\/machines\/[0-9a-f-]{36}$/);
  const id = page.url().split("/").pop()!;
  const newest = page.getByTestId("timeline-event").first();
  await expect(newest).toHaveAttribute("data-event", "Phoned Home", { timeout: 30_000 });
  const ms = Date.now() - clicked;
  test.info().annotations.push({ type: "provisioning", description: `timeline showed Phoned Home ${ms} ms after the Allocate click` });
  console.log(`[machines.spec] timeline showed "Phoned Home" ${ms} ms after the Allocate click`);
  for (const step of ["Installing", "Booting New Kernel"]) await expect(page.locator(`[data-testid="timeline-event"][data-event="${step}"]`)).toHaveCount(1);
  await expect(page.getByTestId("machine-allocation")).toContainText(hostname);
  await expect(page.getByTestId("machine-ips")).toContainText(/\d+\.\d+\.\d+\.\d+/);

  // The untouched tab lists the new machine and its state by itself.
  const row = list.getByTestId("machine-row").filter({ hasText: hostname });
  await expect(row.getByTestId("machine-state")).toContainText("Phoned Home");

  // Another tenant: an empty list, "not found" for the URL and the API.
  const gwen = await asUser(browser, "gwen@globex.example");
  await gwen.page.goto("/machines");
  await expect(gwen.page.getByText("No machines yet")).toBeVisible();
  await gwen.page.goto(`/machines/${id}`);
  await expect(gwen.page.getByRole("heading", { name: "Machine not found" })).toBeVisible();
  expect((await gwen.page.request.get(`/api/v1/machines/${id}`)).status()).toBe(404);
  expect((await gwen.page.request.delete(`/api/v1/machines/${id}`)).status()).toBe(404);
  await gwen.close();

  // A viewer of the project sees the machine and no buttons.
  const vera = await asUser(browser, "vera@acme.example");
  await vera.page.goto(`/machines/${id}`);
  await expect(vera.page.getByRole("heading", { name: hostname })).toBeVisible();
  await expect(vera.page.getByRole("button", { name: /Free machine|Reinstall/ })).toHaveCount(0);
  await vera.close();

  page.once("dialog", (d) => d.accept());
  await page.getByRole("button", { name: "Free machine" }).click();
  await expect(newest).toHaveAttribute("data-event", "Machine Reclaim");
  await expect(page.getByText("The machine was freed.")).toBeVisible();
  await expect(row).toHaveCount(0);

  // The free sent the machine's BMC "PXE once + reset": it wipes its disks and waits again, live.
  const admin = await asUser(browser, "admin@example.com");
  await admin.page.goto(`/admin/machines/${id}`);
  const latest = admin.page.getByTestId("timeline-event").first();
  await expect(latest).toHaveAttribute("data-event", "Waiting", { timeout: 30_000 });
  for (const step of ["Machine Reclaim", "PXE Booting"]) await expect(admin.page.locator(`[data-testid="timeline-event"][data-event="${step}"]`).first()).toBeVisible();
  await admin.close();
});

test("an operator sees every lab machine, inspects one, locks and unlocks it live; the issues view renders", async ({ page }) => {
  await login(page, "admin@example.com");
  await page.goto("/admin/machines");
  await page.getByLabel("Filter by partition").selectOption("lab");
  await expect(page).toHaveURL(/partitionId=lab/);
  const rows = page.getByTestId("admin-machine-row");
  await expect(rows).toHaveCount(8);
  const candidate = rows.filter({ hasText: "free" }).filter({ hasText: "Waiting" }).first();
  const id = (await candidate.getAttribute("data-machine-id"))!;

  const watch = await page.context().newPage();
  await watch.goto("/admin/machines?partitionId=lab");
  await expect(watch.getByTestId("live-status")).toHaveAttribute("data-status", "live");
  const watched = watch.locator(`[data-testid="admin-machine-row"][data-machine-id="${id}"]`);
  await expect(watched.getByTestId("machine-condition")).toHaveText("AVAILABLE");

  await candidate.getByRole("link", { name: id }).click();
  await expect(page.getByRole("heading", { name: `Machine ${id}` })).toBeVisible();
  await expect(page.getByTestId("machine-inventory")).toContainText(/\d+ cores/);
  await expect(page.getByTestId("nic-row").first()).toContainText(/leaf0[12]/);
  await expect(page.getByTestId("machine-bmc")).not.toContainText(/password/i);
  await expect(page.getByTestId("timeline-event").first()).toHaveAttribute("data-event", "Waiting");
  await expect(page.getByTestId("delete-blocker")).toContainText("only Dead machines can be deleted");

  const condition = page.getByRole("form", { name: "Machine condition" });
  await condition.getByLabel("Condition", { exact: true }).selectOption("LOCKED");
  await condition.getByLabel("Reason").fill("e2e: replacing DIMM B2");
  await condition.getByRole("button", { name: "Set condition" }).click();
  const status = page.getByTestId("machine-status");
  await expect(status.getByTestId("machine-condition")).toHaveText("LOCKED");
  await expect(status.getByTestId("condition-reason")).toHaveText("e2e: replacing DIMM B2");
  await expect(watched.getByTestId("machine-condition")).toHaveText("LOCKED");

  await condition.getByLabel("Condition", { exact: true }).selectOption("AVAILABLE");
  await condition.getByLabel("Reason").fill("");
  await condition.getByRole("button", { name: "Set condition" }).click();
  await expect(status.getByTestId("machine-condition")).toHaveText("AVAILABLE");
  await expect(watched.getByTestId("machine-condition")).toHaveText("AVAILABLE");

  await page.getByRole("link", { name: "Machines", exact: true }).click();
  await page.getByRole("link", { name: "Issues" }).click();
  await expect(page.getByRole("heading", { name: "Machine issues" })).toBeVisible();
  // One section per machine issue kind (components/machines/issue-reasons.ts) and one for switches.
  await expect(page.getByTestId("issue-section")).toHaveCount(12);
});
