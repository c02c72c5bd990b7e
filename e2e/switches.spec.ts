import { expect, type APIRequestContext, test } from "@playwright/test";
import { BASE_URL } from "../playwright.config";
import { cliUser, metal, tokenFor } from "./cli-helpers";
import { asUser, confirmDialog, login } from "./helpers";

/**
 * Switches in the browser (issue 12), against `npm start`'s lab partition, whose machines report
 * LLDP neighbours r01leaf01/r01leaf02 port Ethernet<slot>. Two leaves register on the boot
 * listener with the partition boot credential from the iPXE script (as a zero-touch-provisioned
 * switch would) and report like the switch agent does; the agent itself, applying real FRR
 * configs, is tested in agents/switch/switch-agent.integration.test.ts (it needs root and FRR).
 */
const BOOT_URL = `http://127.0.0.1:${Number(new URL(BASE_URL).port) + 2}`;
const ports = (leaf: number) => [...Array.from({ length: 8 }, (_, i) => ({ name: `Ethernet${i + 1}`, mac: `0c:00:00:00:0${leaf}:0${i + 1}` })), { name: "Ethernet32", mac: `0c:00:00:00:0${leaf}:20`, uplink: true }];

async function bootCredential(request: APIRequestContext): Promise<string> {
  const script = await (await request.get(`${BOOT_URL}/api/boot/ipxe?partition=lab`)).text();
  return /METAL_BOOT_CREDENTIAL=(mbc_[A-Za-z0-9_-]+)/.exec(script)![1];
}

/** What the switch agent sends: registration, then after each sync the ports' state and BGP sessions. */
async function registerLeaf(request: APIRequestContext, boot: string, id: string, n: number): Promise<string> {
  const res = await request.post(`${BOOT_URL}/api/boot/switches/register`, {
    headers: { authorization: `Bearer ${boot}` },
    data: { id, rack: "r01", os: { vendor: "SONiC", version: "202311" }, agentVersion: "e2e", managementAddress: `192.168.0.${n}`, asn: 4200000000 + n, routerId: `10.1.0.${n}`, ports: ports(n) },
  });
  expect(res.status(), await res.text()).toBe(200);
  return (await res.json()).credential;
}

async function report(request: APIRequestContext, cred: string, id: string, down: string[] = []) {
  const res = await request.post(`${BOOT_URL}/api/boot/switches/${id}/status`, {
    headers: { authorization: `Bearer ${cred}` },
    data: {
      sync: { durationMs: 412, error: null },
      ports: ports(1).map((p) => ({ name: p.name, operState: down.includes(p.name) ? "down" : "up" })),
      bgp: [{ neighbour: "Ethernet1", peerGroup: "MACHINE", vrf: "vrf30", state: "Established", establishedSince: new Date(Date.now() - 90_000).toISOString(), prefixesReceived: 2, prefixesAccepted: 2 }],
    },
  });
  expect(res.status(), await res.text()).toBe(200);
}

test("operators see switches, their port table and a machine's uplinks, and take a port down and up; tenants see no switches", async ({ page, request, browser }) => {
  test.setTimeout(120_000);
  const boot = await bootCredential(request);
  await login(page, "admin@example.com");
  // A retried run finds the leaves registered: new hardware is what replace mode is for.
  for (const id of ["r01leaf01", "r01leaf02"]) {
    const known = await page.request.get(`/api/v1/switches/${id}`);
    if (known.ok()) await page.request.patch(`/api/v1/switches/${id}`, { data: { mode: "replace" }, headers: { origin: BASE_URL } });
  }
  const cred = await registerLeaf(request, boot, "r01leaf01", 1);
  await registerLeaf(request, boot, "r01leaf02", 2);
  await report(request, cred, "r01leaf01");

  await page.getByRole("navigation", { name: "Areas" }).getByRole("link", { name: "Admin console" }).click();
  await page.getByRole("link", { name: "Switches", exact: true }).click();
  const row = (id: string) => page.getByTestId("switch-row").filter({ hasText: id });
  await expect(row("r01leaf01")).toContainText("SONiC 202311");
  await expect(row("r01leaf01").getByTestId("last-sync")).toContainText("took 412 ms");
  await expect(row("r01leaf02").getByTestId("last-sync")).toContainText("never");
  await expect(row("r01leaf02")).toContainText("not synced for over a minute");
  // The kit table: a sortable column (order in the URL) and a search with its own empty state.
  await page.getByRole("columnheader", { name: "Switch" }).getByRole("button").click();
  await expect(page).toHaveURL(/sort=id&order=asc/);
  await page.getByRole("columnheader", { name: "Switch" }).getByRole("button").click();
  await expect(page.getByRole("columnheader", { name: "Switch" })).toHaveAttribute("aria-sort", "descending");
  const ids = await page.getByTestId("switch-row").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-switch")));
  expect(ids.indexOf("r01leaf02")).toBeLessThan(ids.indexOf("r01leaf01"));
  await page.getByRole("searchbox", { name: "Search switches" }).fill("r01leaf02");
  await expect(page.getByTestId("switch-row")).toHaveCount(1);
  await page.getByRole("searchbox", { name: "Search switches" }).fill("no-such-switch");
  await expect(page.getByText("No switch matches your search")).toBeVisible();
  await page.getByRole("searchbox", { name: "Search switches" }).fill("");

  await row("r01leaf01").getByRole("link", { name: "r01leaf01" }).click();
  await expect(page.getByRole("heading", { name: "Switch r01leaf01" })).toBeVisible();
  const port = (name: string) => page.getByTestId("port-row").and(page.locator(`[data-port="${name}"]`));
  await expect(port("Ethernet1")).toContainText("Established");
  await expect(port("Ethernet1")).toContainText("2/2 prefixes accepted");
  await expect(port("Ethernet32")).toContainText("uplink");
  // The port search keeps the matching ports only.
  await page.getByRole("searchbox", { name: "Search ports" }).fill("uplink");
  await expect(page.getByTestId("port-row")).toHaveCount(1);
  await page.getByRole("searchbox", { name: "Search ports" }).fill("");
  await expect(page.getByTestId("port-row")).toHaveCount(9);
  const machineId = (await port("Ethernet1").getByRole("link").first().textContent())!.trim();
  expect(machineId).toMatch(/^[0-9a-f-]{36}$/);

  // Down: asks first, naming the machine cabled to it; desired and actual are shown apart.
  await port("Ethernet1").getByRole("button", { name: "Set down" }).click();
  const question = await confirmDialog(page);
  await expect(port("Ethernet1").getByTestId("desired-state")).toHaveText("down");
  expect(question).toContain(machineId);
  await expect(port("Ethernet1").getByTestId("oper-state")).toHaveText("up");
  // The agent's next long poll carries the desired admin state; it applies it and reports.
  const desired = await (await request.get(`${BOOT_URL}/api/boot/switches/r01leaf01/desired?timeoutSeconds=0`, { headers: { authorization: `Bearer ${cred}` } })).json();
  expect(desired.state.ports.find((p: { name: string }) => p.name === "Ethernet1").adminState).toBe("down");
  await report(request, cred, "r01leaf01", ["Ethernet1"]);
  await expect(port("Ethernet1").getByTestId("oper-state")).toHaveText("down", { timeout: 15_000 });

  // The machine's page shows its two uplinks; the issues view lists the leaf that never synced.
  await port("Ethernet1").getByRole("link", { name: machineId }).click();
  const uplinks = page.getByTestId("machine-uplinks");
  await expect(uplinks.getByTestId("uplink")).toHaveCount(2);
  await expect(uplinks.getByTestId("uplink").filter({ hasText: "r01leaf01 Ethernet1" })).toContainText("admin down");
  await expect(uplinks.getByTestId("uplink").filter({ hasText: "r01leaf02 Ethernet1" })).toContainText("link unknown");
  await page.goto("/admin/machines/issues");
  await expect(page.locator('[data-issue="switches"]').getByTestId("issue-row").filter({ hasText: "r01leaf02" })).toContainText("not synced");

  await page.goto("/admin/switches/r01leaf01");
  await port("Ethernet1").getByRole("button", { name: "Set up" }).click();
  await confirmDialog(page);
  await expect(port("Ethernet1").getByTestId("desired-state")).toHaveText("up");

  // A tenant: no switches through the API.
  const tenant = await asUser(browser, "olivia@acme.example");
  expect((await tenant.page.request.get("/api/v1/switches")).status()).toBe(403);
  await tenant.close();
});

test("the metal CLI: operators list and describe switches, read the port table and set a port down and up; tenants are refused", async ({ page, request }) => {
  test.setTimeout(120_000);
  const boot = await bootCredential(request);
  await login(page, "admin@example.com");
  // Its own leaf (rack r09, no machines), so this test does not depend on the one above.
  const known = await page.request.get("/api/v1/switches/r09leaf01");
  if (known.ok()) await page.request.patch("/api/v1/switches/r09leaf01", { data: { mode: "replace" }, headers: { origin: BASE_URL } });
  const res = await request.post(`${BOOT_URL}/api/boot/switches/register`, {
    headers: { authorization: `Bearer ${boot}` },
    data: { id: "r09leaf01", rack: "r09", os: { vendor: "Cumulus", version: "5.9" }, agentVersion: "e2e", managementAddress: "192.168.9.1", asn: 4200000091, routerId: "10.9.0.1", ports: ports(9) },
  });
  expect(res.status(), await res.text()).toBe(200);

  const operator = cliUser(await tokenFor("admin"));
  const list = await metal(operator, ["switch", "ls", "--rack", "r09", "-o", "json"]);
  expect(list.code, list.stderr).toBe(0);
  expect(JSON.parse(list.stdout).items.map((s: { id: string }) => s.id)).toEqual(["r09leaf01"]);
  const table = await metal(operator, ["switch", "ls", "--rack", "r09"]);
  expect(table.stdout).toContain("r09leaf01");
  const described = JSON.parse((await metal(operator, ["switch", "describe", "r09leaf01", "-o", "json"])).stdout);
  expect(described).toMatchObject({ id: "r09leaf01", rack: "r09", os: { vendor: "Cumulus", version: "5.9" } });
  const portTable = await metal(operator, ["switch", "ports", "r09leaf01", "--no-headers"]);
  expect(portTable.code, portTable.stderr).toBe(0);
  expect(portTable.stdout.split("\n").filter((l) => /^Ethernet\d+\s/.test(l))).toHaveLength(9);

  const down = await metal(operator, ["switch", "port", "r09leaf01", "Ethernet3", "down", "-o", "json"]);
  expect(down.code, down.stderr).toBe(0);
  expect(JSON.parse(down.stdout)).toMatchObject({ name: "Ethernet3", desiredAdminState: "down" });
  const after = JSON.parse((await metal(operator, ["switch", "describe", "r09leaf01", "-o", "json"])).stdout);
  expect(after.ports.find((p: { name: string }) => p.name === "Ethernet3").desiredAdminState).toBe("down");
  expect((await metal(operator, ["switch", "port", "r09leaf01", "Ethernet3", "up"])).code).toBe(0);

  const bad = await metal(operator, ["switch", "port", "r09leaf01", "Ethernet3", "sideways"]);
  expect(bad.code).toBe(2);
  expect(bad.stderr).toContain("adminState");
  expect((await metal(operator, ["switch", "describe", "r09nope01"])).code).toBe(3);

  const tenant = cliUser(await tokenFor("olivia@acme.example"));
  const refused = await metal(tenant, ["switch", "ls"]);
  expect(refused.code).toBe(1);
  expect(refused.stderr).toContain("Forbidden (403");
});
