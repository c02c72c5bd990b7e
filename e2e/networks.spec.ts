import { type APIRequestContext, expect, type Page, test } from "@playwright/test";
import { confirmDialog, login, logout, switchProject } from "./helpers";

test.describe.configure({ mode: "serial" });

type Network = { id: string; name: string; kind: string; partitionId: string | null; prefixes: { cidr: string; family: number }[] };

const netName = `e2e-backend-${Date.now().toString(36)}`;
let networkId = "";
let partitionId = "";

async function json<T>(res: Awaited<ReturnType<APIRequestContext["get"]>>): Promise<T> {
  expect(res.ok(), `${res.url()} answered ${res.status()}: ${await res.text()}`).toBe(true);
  return (await res.json()) as T;
}

async function superNetworkOf(request: APIRequestContext, partition: string): Promise<Network | undefined> {
  const { items } = await json<{ items: Network[] }>(await request.get(`/api/v1/networks?limit=500&partitionId=${encodeURIComponent(partition)}`));
  return items.find((n) => n.kind === "super" || n.kind === "super-namespaced");
}

/**
 * Tenants cut private networks from a partition's super network. The seed may or may not have
 * one (another issue's work), so the operator makes sure there is a partition and a super
 * network for it, through the API with the browser's session.
 */
async function ensureSuperNetwork(request: APIRequestContext): Promise<string> {
  let { items: partitions } = await json<{ items: { id: string }[] }>(await request.get("/api/v1/partitions?limit=200"));
  if (partitions.length === 0) {
    const created = await request.post("/api/v1/partitions", {
      data: { id: "e2e-lab", bootConfig: { kernelUrl: "http://localhost:3100/boot/kernel", initrdUrl: "http://localhost:3100/boot/initrd", commandLine: "" } },
    });
    expect(created.status(), await created.text()).toBe(201);
    partitions = [{ id: "e2e-lab" }];
  }
  for (const p of partitions) if (await superNetworkOf(request, p.id)) return p.id;
  const partition = partitions.find((p) => p.id === "lab")?.id ?? partitions[0].id;
  const res = await request.post("/api/v1/networks", {
    data: { kind: "super", name: `${partition} tenants`, partitionId: partition, prefixes: ["10.200.0.0/16", "fd00:e2e::/48"], defaultChildPrefixLength: { ipv4: 24 } },
  });
  // 409: a concurrent seed or an earlier step made it (unique per partition, or overlapping prefixes).
  if (res.status() !== 201) {
    expect(res.status(), await res.text()).toBe(409);
    expect(await superNetworkOf(request, partition), "409 but no super network in the partition").toBeDefined();
  }
  return partition;
}

async function chooseProject(page: Page, label: string) {
  await switchProject(page, label);
  await expect(page.getByText(`Private networks of ${label}`)).toBeVisible();
}

function networkRow(page: Page, name: string) {
  return page.getByTestId("network-row").filter({ hasText: name });
}

test("an operator sees the partition's super network with its usage", async ({ page }) => {
  await login(page, "admin@example.com");
  partitionId = await ensureSuperNetwork(page.request);
  await page.goto("/admin/networks");
  await page.getByLabel("Filter by kind").selectOption("super");
  const row = page.getByTestId("network-row").filter({ hasText: partitionId }).first();
  await expect(row).toBeVisible();
  await expect(row.getByRole("meter").first()).toBeVisible();
});

test("a tenant creates a private network and acquires, keeps and releases an IP in the browser", async ({ page }) => {
  await login(page, "olivia@acme.example");
  await page.getByRole("link", { name: "Networks", exact: true }).click();
  await chooseProject(page, "acme / web");

  await page.getByRole("button", { name: "New private network" }).click();
  const form = page.getByRole("form", { name: "New private network" });
  // The same schema as the API checks the form before anything is sent.
  await form.getByRole("button", { name: "Create network" }).click();
  await expect(form.getByText("is required")).toBeVisible();
  await form.getByLabel("Name", { exact: true }).fill(netName);
  await form.getByLabel("Description").fill("made in the browser");
  await form.getByLabel("Partition").selectOption(partitionId);
  await form.getByRole("button", { name: "Create network" }).click();
  await expect(form).toHaveCount(0);

  const row = networkRow(page, netName);
  await expect(row).toBeVisible();
  networkId = (await row.getByTestId("network-id").textContent()) ?? "";
  expect(networkId).not.toBe("");
  const v4 = row.getByTestId("prefix-usage").filter({ hasText: "IPv4" });
  await expect(v4).toContainText(/\d+\.\d+\.\d+\.\d+\/\d+/);
  await expect(v4.getByRole("meter")).toHaveAttribute("aria-valuenow", "0");
  await expect(v4).toContainText(/0 of [\d,]+ IPs used/);
  const cidr = (await v4.locator(".font-mono").first().textContent()) ?? "";

  await page.getByRole("link", { name: "IPs", exact: true }).click();
  await page.getByRole("button", { name: "Acquire IP" }).click();
  const acquire = page.getByRole("form", { name: "Acquire IP" });
  await acquire.getByLabel("Network").selectOption(networkId);
  await acquire.getByLabel("Name", { exact: true }).fill("frontend");
  await acquire.getByLabel("Tags (optional)").fill("web, e2e");
  await acquire.getByRole("button", { name: "Acquire IP" }).click();
  const address = (await page.getByTestId("acquired-address").textContent()) ?? "";
  expect(address).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
  // The first free address of the network's prefix: network address + 1.
  const [base] = cidr.split("/");
  expect(address).toBe(base.replace(/\d+$/, (last) => String(Number(last) + 1)));

  const ipRow = page.getByTestId("ip-row").filter({ hasText: address });
  await expect(ipRow).toContainText(netName);
  await expect(ipRow).toContainText("frontend");
  await expect(ipRow.getByTestId("ip-kind")).toHaveText("ephemeral");
  await ipRow.getByRole("button", { name: `Make static ${address}` }).click();
  await expect(ipRow.getByTestId("ip-kind")).toHaveText("static");
  await expect(ipRow.getByRole("button", { name: `Make static ${address}` })).toHaveCount(0);

  await ipRow.getByRole("button", { name: `Rename ${address}` }).click();
  await ipRow.getByLabel(`New name for ${address}`).fill("gateway");
  await ipRow.getByRole("button", { name: "Save" }).click();
  await expect(ipRow.getByTestId("ip-name")).toHaveText("gateway");

  await page.getByRole("link", { name: "Networks", exact: true }).click();
  await expect(networkRow(page, netName).getByTestId("prefix-usage").filter({ hasText: "IPv4" })).toContainText(/1 of [\d,]+ IPs used/);

  // A network still holding a static IP cannot go: the 409's explanation is shown.
  await networkRow(page, netName).getByRole("button", { name: `Delete network ${netName}` }).click();
  await confirmDialog(page, { type: netName });
  await expect(page.getByRole("alert").filter({ hasText: /static IP/ })).toContainText(address);
  await expect(networkRow(page, netName)).toBeVisible();

  await page.getByRole("link", { name: "IPs", exact: true }).click();
  await page.getByTestId("ip-row").filter({ hasText: address }).getByRole("button", { name: `Release ${address}` }).click();
  expect(await confirmDialog(page)).toContain(address);
  await expect(page.getByTestId("toast").filter({ hasText: "IP released" })).toBeVisible();
  await expect(page.getByTestId("ip-row").filter({ hasText: address })).toHaveCount(0);

  await page.getByRole("link", { name: "Networks", exact: true }).click();
  await expect(networkRow(page, netName).getByTestId("prefix-usage").filter({ hasText: "IPv4" })).toContainText(/0 of [\d,]+ IPs used/);
});

test("another tenant does not see the private network, in the UI or the API", async ({ page }) => {
  expect(networkId).not.toBe("");
  await login(page, "gwen@globex.example");
  await page.getByRole("link", { name: "Networks", exact: true }).click();
  await expect(page.getByText("Private networks of globex / analytics")).toBeVisible();
  await expect(page.getByRole("heading", { name: "Shared and external networks" })).toBeVisible();
  await expect(page.getByText(netName)).toHaveCount(0);
  expect((await page.request.get(`/api/v1/networks/${networkId}`)).status()).toBe(404);
  expect((await page.request.delete(`/api/v1/networks/${networkId}`)).status()).toBe(404);
  const listed = await json<{ items: Network[] }>(await page.request.get("/api/v1/networks?limit=500"));
  expect(listed.items.map((n) => n.id)).not.toContain(networkId);
  await logout(page);

  await login(page, "olivia@acme.example");
  await page.getByRole("link", { name: "Networks", exact: true }).click();
  await chooseProject(page, "acme / web");
  await networkRow(page, netName).getByRole("button", { name: `Delete network ${netName}` }).click();
  // Type-the-name: the button stays disabled until the name is typed exactly.
  const dialog = page.getByRole("alertdialog");
  await dialog.getByRole("textbox").fill(`${netName}x`);
  await expect(dialog.getByRole("button", { name: "Delete network" })).toBeDisabled();
  await confirmDialog(page, { type: netName });
  await expect(networkRow(page, netName)).toHaveCount(0);
});
