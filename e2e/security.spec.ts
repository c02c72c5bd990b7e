import { request as httpRequest } from "node:http";
import { expect, test } from "@playwright/test";
import { BASE_URL } from "../playwright.config";
import { login } from "./helpers";

/**
 * Issue 10 items 2, 4 and 5 against the real server (`npm start`: Next.js behind the public and
 * the boot listener): the boot service is not on the public port, malformed requests are 4xx
 * problem+json, cookie requests with an unusable Origin are refused, pages carry the headers.
 */
const PUBLIC_PORT = Number(new URL(BASE_URL).port);
const BOOT_URL = `http://127.0.0.1:${PUBLIC_PORT + 2}`;

function raw(method: string, path: string): Promise<{ status: number; type: string | undefined; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: "127.0.0.1", port: PUBLIC_PORT, method, path }, (res) => {
      let body = "";
      res.on("data", (c) => (body += c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, type: res.headers["content-type"], body }));
    });
    req.on("error", reject);
    req.end();
  });
}

test("the boot service answers only on the boot listener; the public port says 404", async ({ request }) => {
  const publicAnswer = await request.get("/api/boot/ipxe?partition=lab");
  expect(publicAnswer.status()).toBe(404);
  expect(publicAnswer.headers()["content-type"]).toBe("application/problem+json");
  expect(await publicAnswer.text()).not.toContain("mbc_");
  for (const p of ["/api/%62oot/ipxe?partition=lab", "/API/boot/ipxe?partition=lab", "/api//boot/ipxe?partition=lab", "/api/images/ubuntu-24.04.20260401/img.tar.lz4"]) {
    expect((await raw("GET", p)).status, p).toBe(404);
  }
  const boot = await request.get(`${BOOT_URL}/api/boot/ipxe?partition=lab`);
  expect(boot.status()).toBe(200);
  expect(await boot.text()).toContain(`METAL_API_URL=${BOOT_URL}`);
  expect((await request.get(`${BOOT_URL}/api/v1/health`)).status()).toBe(404);
});

test("malformed paths, TRACE and unsupported methods are 4xx problem+json, never a 500", async () => {
  for (const p of ["/api/v1/tenants/%ff", "/api/v1/tenants/%E2%82", "/machines/%ff"]) {
    const res = await raw("GET", p);
    expect(res.status, p).toBe(400);
    expect(JSON.parse(res.body).code, p).toBe("malformed_path");
  }
  const trace = await raw("TRACE", "/api/v1/me");
  expect(trace.status).toBe(405);
  expect(JSON.parse(trace.body).code).toBe("method_not_allowed");
  const put = await raw("PUT", "/api/v1/me");
  expect(put.status).toBe(405);
  expect(put.type).toBe("application/problem+json");
});

test("anonymous calls of every operation are 4xx problem+json, never a 500 (the session path the unit fuzzer cannot reach)", async ({ request }) => {
  const doc = await (await request.get("/api/v1/openapi.json")).json();
  let sent = 0;
  for (const [path, ops] of Object.entries(doc.paths as Record<string, Record<string, unknown>>)) {
    if (path.startsWith("/api/boot") || path === "/api/v1/machines/stream" || path === "/api/v1/health") continue;
    for (const method of Object.keys(ops)) {
      const url = path.replace(/\{\w+\}/g, "%00");
      const res = await request.fetch(url, { method, data: method === "get" || method === "delete" ? undefined : { "\u0000": "\uD800" } });
      expect(res.status(), `${method} ${url}`).toBeLessThan(500);
      if (res.status() >= 400) expect(res.headers()["content-type"], `${method} ${url}`).toBe("application/problem+json");
      sent++;
    }
  }
  expect(sent).toBeGreaterThan(60);
});

test("a cookie request with an unusable Origin is refused with 403, not a 500", async ({ page }) => {
  await login(page, "olivia@acme.example");
  for (const origin of ["null", "::::", "http://evil.example"]) {
    const res = await page.request.post("/api/v1/projects", { headers: { origin }, data: { tenantId: "x", name: "nope" } });
    expect(res.status(), origin).toBe(403);
    expect(res.headers()["content-type"]).toBe("application/problem+json");
  }
});

test("pages carry the security headers", async ({ request }) => {
  const res = await request.get("/login");
  const h = res.headers();
  expect(h["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(h["x-frame-options"]).toBe("DENY");
  expect(h["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  expect(h["x-content-type-options"]).toBe("nosniff");
  expect(h["strict-transport-security"]).toBeUndefined(); // http: no HSTS (https APP_URLs get it)
});
