import { request } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { cliLoginCode } from "@/lib/contracts/cli-login";
import { type LoopbackLogin, startLoopbackLogin } from "./loopback";

let login: LoopbackLogin | undefined;
afterEach(() => login?.close());

function post(port: number, form: Record<string, string>, host = `127.0.0.1:${port}`, pathname = "/callback"): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const body = new URLSearchParams(form).toString();
    const req = request({ host: "127.0.0.1", port, path: pathname, method: "POST", headers: { host, "content-type": "application/x-www-form-urlencoded" } }, (res) => {
      let text = "";
      res.on("data", (c) => (text += c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

function pending(p: Promise<unknown>): Promise<boolean> {
  return Promise.race([p.then(() => false, () => false), new Promise<boolean>((r) => setTimeout(() => r(true), 50))]);
}

describe("metal login's loopback listener", () => {
  it("opens the portal's confirmation page with its port, a 256-bit state and the computer's name, and shows the page's code", async () => {
    login = await startLoopbackLogin("https://metal.example.com/", "laptop", 10_000);
    const url = new URL(login.url);
    expect(url.origin + url.pathname).toBe("https://metal.example.com/cli-login");
    expect(Number(url.searchParams.get("port"))).toBeGreaterThan(1023);
    expect(url.searchParams.get("state")).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(url.searchParams.get("name")).toBe("laptop");
    expect(login.code).toBe(cliLoginCode(url.searchParams.get("state")!));
    expect(login.code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
  });

  it("accepts only a POST /callback with this run's state, on the loopback Host, and then hands over the token", async () => {
    login = await startLoopbackLogin("http://localhost:3000", "", 10_000);
    const port = Number(new URL(login.url).searchParams.get("port"));
    const state = new URL(login.url).searchParams.get("state")!;
    expect((await post(port, { state: "x".repeat(43), token: "mtk_forged" })).status).toBe(400);
    expect((await post(port, { state, token: "mtk_rebound" }, `evil.example:${port}`)).status).toBe(404);
    expect((await post(port, { state, token: "mtk_elsewhere" }, undefined, "/other")).status).toBe(404);
    expect((await post(port, { state, token: "not a token" })).status).toBe(400);
    expect(await pending(login.token)).toBe(true);
    const ok = await post(port, { state, token: "mtk_good_secret" });
    expect(ok.status).toBe(200);
    expect(ok.body).toContain("You can close this tab");
    await expect(login.token).resolves.toBe("mtk_good_secret");
  });

  it("ends with an error when the person cancels in the browser, or nobody answers in time", async () => {
    login = await startLoopbackLogin("http://localhost:3000", "", 10_000);
    const port = Number(new URL(login.url).searchParams.get("port"));
    const state = new URL(login.url).searchParams.get("state")!;
    await post(port, { state, error: "access_denied" });
    await expect(login.token).rejects.toThrow("login was cancelled in the browser");
    login.close();

    login = await startLoopbackLogin("http://localhost:3000", "", 100);
    await expect(login.token).rejects.toThrow(/no answer from the browser/);
  });
});
