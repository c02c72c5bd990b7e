/**
 * Test helpers for dev-idp.test.ts: just enough of a browser (cookie jar, manual redirects,
 * form scraping) and of an OIDC client (PKCE, JWT signature check) to drive real flows with fetch.
 */
import { createHash, createPublicKey, randomBytes, verify, type JsonWebKey } from "node:crypto";
import { createServer } from "node:net";

const REQUEST_TIMEOUT_MS = 5_000;
const MAX_HOPS = 10;
/** Both oidc-provider's form_post pages and our logout page submit themselves this way. */
const AUTO_SUBMIT = /document\.forms\[0\]\.submit\(\)/;

export type Page = { url: string; status: number; html: string };

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => server.once("error", reject).listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!address || typeof address === "string") throw new Error("no port assigned");
  return address.port;
}

export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString("base64url");
  return { verifier, challenge: createHash("sha256").update(verifier).digest("base64url") };
}

/** Cookie jar keyed by name only: good enough for one host and the IdP's distinct cookie names. */
export class Browser {
  private readonly jar = new Map<string, string>();

  async request(url: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.jar.size) headers.set("cookie", [...this.jar].map(([k, v]) => `${k}=${v}`).join("; "));
    const res = await fetch(url, { ...init, headers, redirect: "manual", signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
    for (const cookie of res.headers.getSetCookie()) {
      const [pair, ...attributes] = cookie.split(";");
      const name = pair.slice(0, pair.indexOf("=")).trim();
      const value = pair.slice(pair.indexOf("=") + 1).trim();
      const expired = !value || attributes.some((a) => /^\s*expires=.*1970/i.test(a) || /^\s*max-age=0\b/i.test(a));
      if (expired) this.jar.delete(name);
      else this.jar.set(name, value);
    }
    return res;
  }

  /**
   * Follows redirects, and auto-submitting forms as a JS-enabled browser would, until a page is
   * rendered or the next hop would go to `stopAt` (returned as `url` without being fetched).
   */
  async follow(url: string, init: RequestInit = {}, stopAt?: string): Promise<Page> {
    const leaves = (target: string) => stopAt !== undefined && target.startsWith(stopAt);
    let res = await this.request(url, init);
    for (let hops = 0; hops < MAX_HOPS; hops++) {
      const location = res.headers.get("location");
      if (res.status >= 300 && res.status < 400 && location) {
        const next = new URL(location, url).href;
        if (leaves(next)) return { url: next, status: res.status, html: "" };
        url = next;
        res = await this.request(url);
        continue;
      }
      const html = await res.text();
      if (!AUTO_SUBMIT.test(html)) return { url, status: res.status, html };
      const form = readForm(url, html);
      if (leaves(form.action)) return { url: form.action, status: res.status, html };
      url = form.action;
      res = await this.request(url, { method: "POST", body: form.fields });
    }
    throw new Error(`more than ${MAX_HOPS} redirects`);
  }

  /** Submits the first <form> of a page, with `values` on top of its hidden inputs. */
  async submitForm(page: Page, values: Record<string, string> = {}, stopAt?: string): Promise<Page> {
    const form = readForm(page.url, page.html);
    for (const [k, v] of Object.entries(values)) form.fields.set(k, v);
    return this.follow(form.action, { method: "POST", body: form.fields }, stopAt);
  }
}

function readForm(pageUrl: string, html: string): { action: string; fields: URLSearchParams } {
  const form = /<form\b([^>]*)>([\s\S]*?)<\/form>/i.exec(html);
  if (!form) throw new Error(`no form in page: ${html.slice(0, 200)}`);
  const action = new URL(decodeEntities(/action="([^"]*)"/.exec(form[1])?.[1] ?? ""), pageUrl).href;
  const fields = new URLSearchParams();
  for (const input of form[2].matchAll(/<input\b[^>]*type="hidden"[^>]*>/gi)) {
    const name = /name="([^"]*)"/.exec(input[0])?.[1];
    if (name) fields.set(name, decodeEntities(/value="([^"]*)"/.exec(input[0])?.[1] ?? ""));
  }
  return { action, fields };
}

function decodeEntities(s: string): string {
  return s.replaceAll("&quot;", '"').replaceAll("&#39;", "'").replaceAll("&lt;", "<").replaceAll("&gt;", ">").replaceAll("&amp;", "&");
}

export type JwtClaims = Record<string, unknown>;

/** Verifies an RS256 JWT against a JWKS with node:crypto only, then returns its payload. */
export function verifyRs256(jwt: string, jwks: { keys: JsonWebKey[] }): JwtClaims {
  const [header, payload, signature] = jwt.split(".");
  const { alg, kid } = JSON.parse(Buffer.from(header, "base64url").toString("utf8")) as { alg?: string; kid?: string };
  if (alg !== "RS256") throw new Error(`unexpected alg ${alg}`);
  const jwk = jwks.keys.find((k) => k.kid === kid);
  if (!jwk) throw new Error(`no key ${kid} in JWKS`);
  const key = createPublicKey({ key: jwk, format: "jwk" });
  if (!verify("RSA-SHA256", Buffer.from(`${header}.${payload}`), key, Buffer.from(signature, "base64url"))) {
    throw new Error("invalid JWT signature");
  }
  return JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as JwtClaims;
}
