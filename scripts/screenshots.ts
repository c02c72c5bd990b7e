/**
 * `npx tsx scripts/screenshots.ts [baseUrl]`: the README's and docs' screenshots, taken in
 * Debian's Chromium against a running app with the demo seed (e.g. `PORT=45000 npm start`):
 * the operator home (docs/screenshot.png and docs/screenshot-operator-home.png), the tenant
 * home and a machine page. It allocates one machine for acme / web so the pages have content.
 */
import { chromium, type Page } from "@playwright/test";

const base = process.argv[2] ?? "http://localhost:3000";

async function login(page: Page, email: string) {
  await page.goto(`${base}/login`);
  await page.getByRole("button", { name: /sign in with/i }).click();
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("demo");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await page.getByRole("button", { name: "Sign out" }).waitFor();
}

async function settle(page: Page) {
  await page.locator(".animate-pulse").first().waitFor({ state: "detached", timeout: 15_000 }).catch(() => undefined);
}

async function main() {
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu"] });
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, colorScheme: "light" });
  const page = await context.newPage();

  await login(page, "olivia@acme.example");
  const project = ((await (await page.request.get(`${base}/api/v1/projects?q=web`)).json()) as { items: { id: string; tenantName: string }[] }).items.find((p) => p.tenantName === "acme")!;
  let net = ((await (await page.request.get(`${base}/api/v1/networks?projectId=${project.id}`)).json()) as { items: { id: string; name: string }[] }).items.find((n) => n.name === "web-private");
  if (!net) net = await (await page.request.post(`${base}/api/v1/networks`, { data: { kind: "private", projectId: project.id, partitionId: "lab", name: "web-private" } })).json();
  await page.goto(`${base}/machines`);
  await page.context().addCookies([{ name: "metal-project", value: project.id, url: base }]);
  const res = await page.request.post(`${base}/api/v1/machines`, { data: { projectId: project.id, partitionId: "lab", sizeId: "c1-small-x86", image: "ubuntu-24.04", hostname: "web-01", networkId: net!.id } });
  const machine = (await res.json()) as { id: string };
  await page.goto(`${base}/machines/${machine.id}`);
  await page.locator('[data-testid="timeline-event"][data-event="Phoned Home"]').first().waitFor({ timeout: 60_000 });
  await settle(page);
  await page.screenshot({ path: "docs/screenshot-machine.png" });
  await page.goto(`${base}/`);
  await settle(page);
  await page.screenshot({ path: "docs/screenshot-tenant-home.png", fullPage: true });

  const admin = await browser.newContext({ viewport: { width: 1280, height: 860 }, colorScheme: "light" });
  const op = await admin.newPage();
  await login(op, "admin@example.com");
  await op.goto(`${base}/admin`);
  await settle(op);
  await op.screenshot({ path: "docs/screenshot-operator-home.png", fullPage: true });
  await op.screenshot({ path: "docs/screenshot.png" });
  await browser.close();
  console.log("wrote docs/screenshot.png, docs/screenshot-operator-home.png, docs/screenshot-tenant-home.png, docs/screenshot-machine.png");
}

void main().catch((e) => {
  console.error(e);
  process.exit(1);
});
