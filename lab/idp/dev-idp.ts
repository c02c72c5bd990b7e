import { generateKeyPairSync, randomBytes, randomUUID, type JsonWebKey } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
// Keep these two imports together and in this order (see quiet-oidc-import.ts).
import { restoreConsoleWarn } from "./quiet-oidc-import";
import { Provider, type Configuration, type ProviderContext } from "oidc-provider";
import type { DemoUser } from "./demo-users";
import { createInteractionHandler } from "./interactions";
import { createMemoryAdapter } from "./memory-adapter";
import { contentSecurityPolicy, LOGOUT_SCRIPT, logoutPage, messagePage } from "./pages";

restoreConsoleWarn();

export type DevIdpClient = {
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
  postLogoutRedirectUris?: string[];
};

export type DevIdpOptions = {
  /** Port to listen on; normally the port in `issuer`. */
  port: number;
  /** Interface to bind; loopback by default so the dev IdP is never reachable from the network. */
  host?: string;
  /** Public base URL without a path, e.g. http://localhost:3001. All advertised URLs derive from it. */
  issuer: string;
  clients: DevIdpClient[];
  users: DemoUser[];
};

export type DevIdp = { issuer: string; port: number; close(): Promise<void> };

/** Fresh RS256 key per start: tokens never outlive the process, so nothing needs persisting. */
function generateSigningKey(): JsonWebKey {
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  return { ...privateKey.export({ format: "jwk" }), kid: randomUUID(), alg: "RS256", use: "sig" };
}

function sendProviderHtml(ctx: ProviderContext, html: string, scripts: string[] = []) {
  ctx.type = "html";
  ctx.set("content-security-policy", contentSecurityPolicy(scripts));
  ctx.body = html;
}

function buildConfiguration(opts: DevIdpOptions): Configuration {
  const usersBySub = new Map(opts.users.map((u) => [u.sub, u]));
  return {
    adapter: createMemoryAdapter(),
    clients: opts.clients.map((c) => ({
      client_id: c.clientId,
      client_secret: c.clientSecret,
      redirect_uris: c.redirectUris,
      post_logout_redirect_uris: c.postLogoutRedirectUris ?? [],
      grant_types: ["authorization_code"],
      response_types: ["code"],
      // oidc-provider accepts client_secret_post too for a client registered with basic.
      token_endpoint_auth_method: "client_secret_basic",
    })),
    jwks: { keys: [generateSigningKey()] },
    // Signed cookies with a per-start key: restarting the IdP simply logs everyone out.
    cookies: { keys: [randomBytes(32).toString("base64url")], long: { signed: true }, short: { signed: true } },
    // Code flow only, confidential clients only: nothing the app doesn't use is advertised.
    responseTypes: ["code"],
    clientAuthMethods: ["client_secret_basic", "client_secret_post"],
    scopes: ["openid", "email", "profile", "groups"],
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"], groups: ["groups"] },
    // Put scope claims into the ID token as well, so the app needn't call userinfo for roles.
    conformIdTokenClaims: false,
    // PKCE (oidc-provider only supports S256) for every client, not only public ones.
    pkce: { required: () => true },
    // Explicit TTLs (seconds); the defaults work but log a notice the first time each is used.
    ttl: {
      AccessToken: 3600,
      AuthorizationCode: 60,
      ClientCredentials: 600,
      IdToken: 3600,
      Interaction: 3600,
      RefreshToken: 86_400,
      Session: 86_400,
      Grant: 86_400,
    },
    // The app talks to the IdP server-side only; no browser CORS needed.
    clientBasedCORS: () => false,
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    async findAccount(_ctx, sub) {
      const user = usersBySub.get(sub);
      if (!user) return undefined;
      return {
        accountId: user.sub,
        // oidc-provider filters these by granted scopes (and per use: id_token/userinfo).
        claims: () => ({ sub: user.sub, email: user.email, email_verified: true, name: user.name, groups: [...user.groups] }),
      };
    },
    renderError(ctx, out) {
      const detail = [out.error, out.error_description].filter(Boolean).join(": ");
      sendProviderHtml(ctx, messagePage("Something went wrong", detail || "The request could not be processed."));
    },
    features: {
      devInteractions: { enabled: false },
      userinfo: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        // No "do you want to sign out?" screen: the form is submitted by a hashed inline script.
        logoutSource: (ctx, form) => sendProviderHtml(ctx, logoutPage(form), [LOGOUT_SCRIPT]),
        postLogoutSuccessSource: (ctx) => sendProviderHtml(ctx, messagePage("Signed out", "You have been signed out of the development identity provider.")),
      },
    },
  };
}

/** Starts the development OpenID Provider (authorization code + PKCE, own login page). */
export async function startDevIdp(opts: DevIdpOptions): Promise<DevIdp> {
  const issuerUrl = new URL(opts.issuer);
  if (issuerUrl.pathname !== "/" || issuerUrl.search || issuerUrl.hash) {
    throw new Error(`dev IdP issuer must be a bare origin (got ${opts.issuer})`);
  }
  const issuer = issuerUrl.origin;
  const provider = new Provider(issuer, buildConfiguration(opts));

  // oidc-provider builds endpoint URLs from the request's protocol/host, not from the issuer.
  // Trust forwarded headers and set them ourselves on every request, so discovery and redirects
  // always match the issuer (plain http on loopback, whatever Host the client used).
  provider.proxy = true;
  provider.on("server_error", (_ctx, error) => console.error("[dev-idp] server error:", error));
  provider.on("error", (error) => console.error("[dev-idp] error:", error));

  const handleInteraction = createInteractionHandler(provider, opts.users);
  const handleProvider = provider.callback();
  const server = http.createServer((req, res) => {
    req.headers["x-forwarded-proto"] = issuerUrl.protocol.slice(0, -1);
    req.headers["x-forwarded-host"] = issuerUrl.host;
    const pathname = (req.url ?? "/").split("?")[0];
    if (!handleInteraction(req, res, pathname)) void handleProvider(req, res);
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port, opts.host ?? "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  server.on("error", (error) => console.error("[dev-idp] server error:", error));

  let closing: Promise<void> | undefined;
  return {
    issuer,
    port: (server.address() as AddressInfo).port,
    close() {
      closing ??= new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Keep-alive sockets (e.g. from fetch) would otherwise hold close() open.
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
