import { randomBytes, type JsonWebKey } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD, demoUsers } from "./demo-users";
import { startDevIdp, type DevIdp } from "./dev-idp";
import { Browser, freePort, pkcePair, verifyRs256 } from "./test-browser";

const CLIENT = {
  clientId: "metal-test",
  clientSecret: "metal-test-secret",
  redirectUris: ["http://127.0.0.1:3999/api/auth/callback/oidc"],
  postLogoutRedirectUris: ["http://127.0.0.1:3999/"],
};
const REDIRECT_URI = CLIENT.redirectUris[0];
const olivia = demoUsers.find((u) => u.email === "olivia@acme.example")!;
const vera = demoUsers.find((u) => u.email === "vera@acme.example")!;

type Discovery = Record<"issuer" | "authorization_endpoint" | "token_endpoint" | "userinfo_endpoint" | "jwks_uri" | "end_session_endpoint", string> & {
  code_challenge_methods_supported: string[];
};

let idp: DevIdp;
let discovery: Discovery;
let jwks: { keys: JsonWebKey[] };

beforeAll(async () => {
  const port = await freePort();
  idp = await startDevIdp({ port, issuer: `http://127.0.0.1:${port}`, clients: [CLIENT], users: demoUsers });
  const get = async (url: string) => (await fetch(url, { signal: AbortSignal.timeout(5_000) })).json();
  discovery = (await get(`${idp.issuer}/.well-known/openid-configuration`)) as Discovery;
  jwks = (await get(discovery.jwks_uri)) as typeof jwks;
});

afterAll(async () => {
  await idp?.close();
});

/** Starts an authorization request and follows it to the IdP's login page. */
async function beginLogin(browser: Browser, extra: Record<string, string> = {}) {
  const { verifier, challenge } = pkcePair();
  const state = randomBytes(8).toString("hex");
  const nonce = randomBytes(8).toString("hex");
  const url = new URL(discovery.authorization_endpoint);
  url.search = new URLSearchParams({
    client_id: CLIENT.clientId,
    redirect_uri: REDIRECT_URI,
    response_type: "code",
    scope: "openid email profile groups",
    state,
    nonce,
    code_challenge: challenge,
    code_challenge_method: "S256",
    ...extra,
  }).toString();
  const page = await browser.follow(url.href, {}, REDIRECT_URI);
  return { page, verifier, state, nonce };
}

/** Signs in on the login page and returns the callback URL the browser was sent to. */
async function signIn(browser: Browser, login: Awaited<ReturnType<typeof beginLogin>>, email: string, password: string) {
  return browser.submitForm(login.page, { email, password }, REDIRECT_URI);
}

async function redeem(code: string, verifier: string) {
  const basic = Buffer.from(`${CLIENT.clientId}:${CLIENT.clientSecret}`).toString("base64");
  const res = await fetch(discovery.token_endpoint, {
    method: "POST",
    headers: { authorization: `Basic ${basic}` },
    body: new URLSearchParams({ grant_type: "authorization_code", code, redirect_uri: REDIRECT_URI, code_verifier: verifier }),
    signal: AbortSignal.timeout(5_000),
  });
  const body = await res.json();
  expect({ status: res.status, body }).toMatchObject({ status: 200 });
  return body as { id_token: string; access_token: string; token_type: string };
}

describe("dev IdP", () => {
  it("advertises http endpoints under the issuer and PKCE S256", () => {
    expect(discovery.issuer).toBe(idp.issuer);
    for (const key of ["authorization_endpoint", "token_endpoint", "userinfo_endpoint", "jwks_uri", "end_session_endpoint"] as const) {
      expect(discovery[key].startsWith(`${idp.issuer}/`)).toBe(true);
    }
    expect(discovery.code_challenge_methods_supported).toEqual(["S256"]);
  });

  it("runs a full authorization code + PKCE flow with groups in the ID token and userinfo", async () => {
    const browser = new Browser();
    const login = await beginLogin(browser);
    expect(login.page.status).toBe(200);
    expect(login.page.html).toContain('<label for="email">Email</label>');
    expect(login.page.html).toContain('<label for="password">Password</label>');
    expect(login.page.html).toContain(">Sign in</button>");

    const callback = await signIn(browser, login, olivia.email, olivia.password);
    const params = new URL(callback.url).searchParams;
    expect(params.get("state")).toBe(login.state);
    expect(params.get("iss")).toBe(idp.issuer);
    const code = params.get("code");
    expect(code).toBeTruthy();

    const tokens = await redeem(code!, login.verifier);
    const claims = verifyRs256(tokens.id_token, jwks);
    expect(claims).toMatchObject({
      iss: idp.issuer,
      aud: CLIENT.clientId,
      nonce: login.nonce,
      sub: olivia.sub,
      email: olivia.email,
      email_verified: true,
      name: olivia.name,
      groups: olivia.groups,
    });

    const userinfo = await fetch(discovery.userinfo_endpoint, {
      headers: { authorization: `Bearer ${tokens.access_token}` },
      signal: AbortSignal.timeout(5_000),
    });
    expect(userinfo.status).toBe(200);
    expect(await userinfo.json()).toMatchObject({ sub: olivia.sub, email: olivia.email, groups: olivia.groups });
  });

  it("rejects a wrong password without issuing a code, then still accepts the right one", async () => {
    const browser = new Browser();
    const login = await beginLogin(browser);
    const failed = await signIn(browser, login, olivia.email, "not-the-password");
    expect(failed.status).toBe(401);
    expect(failed.url.startsWith(REDIRECT_URI)).toBe(false);
    expect(failed.html).toContain("Invalid email or password");
    expect(failed.html).toContain(`value="${olivia.email}"`);

    const retry = await browser.submitForm(failed, { email: olivia.email, password: DEMO_PASSWORD }, REDIRECT_URI);
    expect(new URL(retry.url).searchParams.get("code")).toBeTruthy();
  });

  it("rejects a token exchange with the wrong PKCE verifier", async () => {
    const browser = new Browser();
    const login = await beginLogin(browser);
    const code = new URL((await signIn(browser, login, vera.email, vera.password)).url).searchParams.get("code")!;
    const res = await fetch(discovery.token_endpoint, {
      method: "POST",
      // client_secret_post, to cover the second auth method as well.
      body: new URLSearchParams({
        grant_type: "authorization_code",
        code,
        redirect_uri: REDIRECT_URI,
        code_verifier: pkcePair().verifier,
        client_id: CLIENT.clientId,
        client_secret: CLIENT.clientSecret,
      }),
      signal: AbortSignal.timeout(5_000),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: "invalid_grant" });
  });

  it("switches user with prompt=login and logs out via end_session without a confirm page", async () => {
    const browser = new Browser();
    const first = await beginLogin(browser);
    await signIn(browser, first, olivia.email, olivia.password);

    // Same browser session, as the app does in embedded mode to switch demo users. oidc-provider
    // ends the previous user's session through a self-submitting form before issuing the code.
    const second = await beginLogin(browser, { prompt: "login" });
    expect(second.page.html).toContain(">Sign in</button>");
    const callback = await signIn(browser, second, vera.email, vera.password);
    const tokens = await redeem(new URL(callback.url).searchParams.get("code")!, second.verifier);
    expect(verifyRs256(tokens.id_token, jwks)).toMatchObject({ sub: vera.sub, groups: vera.groups });

    const logoutUrl = new URL(discovery.end_session_endpoint);
    logoutUrl.search = new URLSearchParams({
      id_token_hint: tokens.id_token,
      post_logout_redirect_uri: CLIENT.postLogoutRedirectUris[0],
      state: "bye",
    }).toString();
    // follow() submits self-submitting pages like a JS-enabled browser: no click needed.
    const done = await browser.follow(logoutUrl.href, {}, CLIENT.postLogoutRedirectUris[0]);
    expect(done.url).toBe(`${CLIENT.postLogoutRedirectUris[0]}?state=bye`);

    // The session is gone: a plain authorization request asks for credentials again.
    expect((await beginLogin(browser)).page.html).toContain(">Sign in</button>");
  });
});
