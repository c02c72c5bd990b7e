import { once } from "node:events";
import { statSync } from "node:fs";
import { type AddressInfo, createServer } from "node:net";
import path from "node:path";
import { expect, type Page, test } from "@playwright/test";
import { BASE_URL } from "../playwright.config";
import { cliUser, metal, readConfig, startMetal, tokenFor } from "./cli-helpers";
import { PASSWORD } from "./helpers";

/**
 * The `metal` CLI as a real child process against the e2e server: the browser login (portal
 * side in Chromium, CLI side with its loopback listener), contexts and the config file, exit
 * codes, catalog, tokens and audit. Machines, networks and IPs: cli-machines.spec.ts.
 */
test.describe.configure({ mode: "serial" });

function loginUrl(stderr: string): { url: string; code: string } | null {
  const url = /http:\/\/\S+\/cli-login\?\S+/.exec(stderr)?.[0];
  const code = /one-time code: (\S+)/.exec(stderr)?.[1];
  return url && code ? { url, code } : null;
}

/** A loopback port nothing listens on (any more). */
async function closedPort(): Promise<number> {
  const server = createServer().listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  server.close();
  await once(server, "close");
  return port;
}

/** The real OIDC form of the dev IdP, from wherever the app sent the browser. */
async function signInAtIdp(page: Page, email: string) {
  await page.getByRole("button", { name: /sign in with/i }).click();
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
}

test("metal login: a signed-out user logs in through the portal, confirms a CLI token with chosen roles and expiry, and the CLI stores it 0600", async ({ page }) => {
  const user = cliUser();
  const login = startMetal(user, ["login", "--url", BASE_URL, "--no-browser"]);
  await expect.poll(() => loginUrl(login.stderr())).not.toBeNull();
  const { url, code } = loginUrl(login.stderr())!;
  expect(new URL(url).searchParams.get("port")).toMatch(/^\d+$/);

  const response = await page.goto(url);
  expect(response?.url()).toContain("/login?callbackUrl=");
  await signInAtIdp(page, "olivia@acme.example");
  await expect(page).toHaveURL(/\/cli-login\?/);
  await expect(page.getByTestId("cli-login-code")).toHaveText(code);
  const form = page.getByRole("form", { name: "Authorize the CLI" });
  await form.getByLabel("Role for acme").selectOption("editor");
  await form.getByLabel("Expires in").selectOption("7");
  await form.getByRole("button", { name: "Authorize the CLI" }).click();
  await expect(page.getByRole("heading", { name: "Logged in" })).toBeVisible();

  const done = await login.done;
  expect(done.code, done.stderr).toBe(0);
  expect(done.stdout).toContain(`Logged in to ${BASE_URL} as Olivia`);
  const file = path.join(user.home, ".config/metal/config.yaml");
  expect(statSync(file).mode & 0o777).toBe(0o600);
  expect(readConfig(user)).toMatch(/token: mtk_/);

  const me = await metal(user, ["whoami", "-o", "json"]);
  expect(me.code, me.stderr).toBe(0);
  expect(JSON.parse(me.stdout)).toMatchObject({ email: "olivia@acme.example", kind: "token", roles: [{ scope: "tenant", role: "editor" }] });
  const tokens = JSON.parse((await metal(user, ["token", "ls", "-o", "json"])).stdout) as { items: { description: string; expiresAt: string; id: string }[] };
  const mine = tokens.items.find((t) => t.id === JSON.parse(me.stdout).tokenId)!;
  expect(mine.description).toMatch(/^metal CLI on /);
  const days = (Date.parse(mine.expiresAt) - Date.now()) / 86_400_000;
  expect(days).toBeGreaterThan(6.9);
  expect(days).toBeLessThan(7.1);

  const logout = await metal(user, ["logout"]);
  expect(logout.code, logout.stderr).toBe(0);
  expect(readConfig(user)).not.toContain("mtk_");
  const after = await metal(user, ["whoami"]);
  expect(after.code).toBe(2);
  expect(after.stderr).toContain("not logged in");
});

test("metal login: nothing is created without the person's click; Cancel ends the CLI's wait; a forged link is refused; the page cannot be framed", async ({ page }) => {
  await page.goto("/login");
  await signInAtIdp(page, "olivia@acme.example");
  await expect(page).toHaveURL(/:\d+\/$/);
  const tokenCount = async () => ((await (await page.request.get("/api/v1/tokens?includeRevoked=true")).json()) as { items: unknown[] }).items.length;
  const before = await tokenCount();
  const user = cliUser();
  const login = startMetal(user, ["login", "--url", BASE_URL, "--no-browser"]);
  await expect.poll(() => loginUrl(login.stderr())).not.toBeNull();
  const response = await page.goto(loginUrl(login.stderr())!.url);
  expect(response?.headers()["x-frame-options"]).toBe("DENY");
  expect(response?.headers()["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(response?.headers()["referrer-policy"]).toBe("no-referrer");
  await page.getByRole("button", { name: "Cancel" }).click();
  await expect(page.getByRole("heading", { name: "Login cancelled" })).toBeVisible();
  const done = await login.done;
  expect(done.code).toBe(1);
  expect(done.stderr).toContain("login was cancelled in the browser");
  expect(await tokenCount()).toBe(before);

  await page.goto("/cli-login?port=80&state=short");
  await expect(page.getByText("This link is not a valid CLI login request")).toBeVisible();
  await expect(page.getByRole("button", { name: "Authorize the CLI" })).toHaveCount(0);
});

test("contexts: add (token from stdin), ls without secrets, use, rm; METAL_URL/METAL_TOKEN override; --context picks one", async () => {
  const token = await tokenFor("olivia@acme.example");
  const user = cliUser();
  expect((await metal(user, ["context", "add", "lab", "--url", BASE_URL, "--token", "-"], `${token}\n`)).code).toBe(0);
  const down = `http://127.0.0.1:${await closedPort()}`;
  expect((await metal(user, ["context", "add", "down", "--url", down, "--token", token, "--no-activate"])).code).toBe(0);
  expect(statSync(path.join(user.home, ".config/metal/config.yaml")).mode & 0o777).toBe(0o600);

  const ls = await metal(user, ["context", "ls"]);
  expect(ls.stdout).toMatch(/^CURRENT\s+NAME\s+URL\s+PROJECT\s+TOKEN\n\*\s+lab\s+http/);
  expect(ls.stdout).not.toContain(token);
  expect((await metal(user, ["whoami", "-o", "template={{.email}}"])).stdout).toBe("olivia@acme.example\n");

  expect((await metal(user, ["context", "use", "down"])).code).toBe(0);
  const unreachable = await metal(user, ["project", "ls"]);
  expect(unreachable.code).toBe(1);
  expect(unreachable.stderr).toContain("cannot reach the API: ECONNREFUSED");
  expect((await metal(user, ["--context", "lab", "project", "ls"])).code).toBe(0);
  const overridden = await metal({ ...user, env: { ...user.env, METAL_URL: BASE_URL } }, ["project", "ls", "-o", "jsonpath={.items[*].name}"]);
  expect(overridden.stdout).toContain("web");
  const web = JSON.parse((await metal(user, ["--context", "lab", "project", "ls", "-o", "json"])).stdout).items.find((p: { name: string }) => p.name === "web");
  expect((await metal(user, ["--context", "lab", "project", "use", web.id])).code).toBe(0);
  expect(readConfig(user)).toContain(`project: ${web.id}`);

  expect((await metal(user, ["context", "use", "nope"])).code).toBe(3);
  expect((await metal(user, ["--context", "nope", "whoami"])).code).toBe(2);
  expect((await metal(user, ["context", "rm", "down"])).code).toBe(0);

  // Headless login: the token from stdin, checked against the API before it is stored.
  const headless = cliUser();
  const refused = await metal(headless, ["login", "--url", BASE_URL, "--token", "-"], "mtk_wrong\n");
  expect(refused.code).toBe(1);
  expect(refused.stderr).toContain(`the token does not work on ${BASE_URL}`);
  const loggedIn = await metal(headless, ["login", "--url", BASE_URL, "--token", "-"], `${token}\n`);
  expect(loggedIn.code, loggedIn.stderr).toBe(0);
  expect(loggedIn.stdout).toContain(`Logged in to ${BASE_URL} as Olivia`);
  expect(statSync(path.join(headless.home, ".config/metal/config.yaml")).mode & 0o777).toBe(0o600);
  expect(readConfig(user)).not.toContain(down);
});

test("errors: problem title and fields on stderr, exit codes 1 (error), 2 (usage), 3 (not found), 4 (conflict), no stack trace unless --debug", async () => {
  const olivia = cliUser(await tokenFor("olivia@acme.example"));
  const usage = await metal(olivia, ["machine", "frobnicate"]);
  expect(usage.code).toBe(2);
  expect(usage.stderr).toContain("unknown command 'frobnicate'");
  expect((await metal(olivia, ["machine", "ls", "-o", "xml"])).code).toBe(2);
  expect((await metal(olivia, [])).code).toBe(2);

  const missing = await metal(olivia, ["machine", "describe", "00000000-0000-4000-8000-000000000000"]);
  expect(missing.code).toBe(3);
  expect(missing.stderr).toMatch(/^error: Not found \(404 not_found\): Machine 00000000-0000-4000-8000-000000000000 was not found\.\n  request id: \S+\n$/);

  const projects = JSON.parse((await metal(olivia, ["project", "ls", "-o", "json"])).stdout).items as { name: string; tenantId: string }[];
  const acme = projects.find((p) => p.name === "web")!.tenantId;
  const conflict = await metal(olivia, ["project", "create", "web", "--tenant", acme]);
  expect(conflict.code).toBe(4);
  expect(conflict.stderr).toContain("Conflict (409");

  const invalid = await metal(olivia, ["project", "create", "Not Valid", "--tenant", acme]);
  expect(invalid.code).toBe(2);
  expect(invalid.stderr).toContain("name: use lowercase letters");
  expect(invalid.stderr).not.toMatch(/\n\s+at /);

  const badToken = await metal(cliUser("mtk_not_a_real_token"), ["project", "ls"]);
  expect(badToken.code).toBe(1);
  expect(badToken.stderr).toContain("Unauthorized (401 invalid_token)");
  const debug = await metal(olivia, ["machine", "describe", "nope", "--debug"]);
  expect(debug.code).toBe(3);
  expect(debug.stderr).toMatch(/\n\s+at /);
});
