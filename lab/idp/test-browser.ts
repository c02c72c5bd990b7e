/**
 * Test helpers for dev-idp.test.ts: just enough of a browser (cookie jar, manual redirects,
 * form scraping) and of an OIDC client (PKCE, JWT signature check) to drive real flows with fetch.
 */
import { createHash, createPublicKey, randomBytes, verify, type JsonWebKey } from "node:crypto";
import { createServer } from "node:net";

const REQUEST_TIMEOUT_MS = 5_000;
const MAX_REDIRECTS = 10;

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

  /** Follows redirects until a page is rendered or the next hop would leave for `stopAt`. */
  async follow(url: string, init: RequestInit = {}, stopAt = "\0"): Promise<{ url: string; res: Response }> {
    let res = await this.request(url, init);
    for (let hops = 0; hops < MAX_REDIRECTS; hops++) {
      const location = res.headers.get("location");
      if (res.status < 300 || res.status >= 400 || !location) return { url, res };
      const next = new URL(location, url).href;
      if (next.startsWith(stopAt)) return { url: next, res };
      url = next;
      res = await this.request(url);
    }
    throw new Error(`more than ${MAX_REDIRECTS} redirects`);
  }

  /** Submits the first <form> of `html`, with `values` on top of its hidden inputs. */
  async submitForm(pageUrl: string, html: string, values: Record<string, string> = {}, stopAt?: string) {
    const form = /<form\b([^>]*)>([\s\S]*?)<\/form>/i.exec(html);
    if (!form) throw new Error(`no form in page: ${html.slice(0, 200)}`);
    const action = new URL(decodeEntities(/action="([^"]*)"/.exec(form[1])?.[1] ?? ""), pageUrl).href;
    const body = new URLSearchParams();
    for (const input of form[2].matchAll(/<input\b[^>]*type="hidden"[^>]*>/gi)) {
      const name = /name="([^"]*)"/.exec(input[0])?.[1];
      if (name) body.set(name, decodeEntities(/value="([^"]*)"/.exec(input[0])?.[1] ?? ""));
    }
    for (const [k, v] of Object.entries(values)) body.set(k, v);
    return this.follow(action, { method: "POST", body }, stopAt);
  }
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
