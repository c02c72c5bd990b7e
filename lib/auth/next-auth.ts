import NextAuth, { type NextAuthConfig } from "next-auth";
import { getEnv } from "@/lib/env";
import { upsertUserFromLogin } from "@/lib/services/users";

/** The IdP's groups claim, tolerating a single string or a missing claim. */
function groupsOf(profile: Record<string, unknown>, claim: string): string[] {
  const v = profile[claim];
  if (Array.isArray(v)) return v.filter((g): g is string => typeof g === "string");
  return typeof v === "string" ? [v] : [];
}

/**
 * Built lazily: the secret and issuer come from the validated env (in embedded mode the
 * secret is generated into the data directory on first start).
 */
function config(): NextAuthConfig {
  const env = getEnv();
  return {
    secret: env.auth.secret,
    trustHost: true,
    // __Secure- cookies with the Secure flag whenever the app is served over https (also behind a
    // TLS-terminating proxy, where the request itself arrives as plain http).
    useSecureCookies: env.appUrl.startsWith("https://"),
    session: { strategy: "jwt", maxAge: 12 * 60 * 60 },
    pages: { signIn: "/login", error: "/login" },
    providers: [
      {
        id: "oidc",
        name: env.embedded ? "Development IdP" : "Single sign-on",
        type: "oidc",
        issuer: env.auth.issuer,
        clientId: env.auth.clientId,
        clientSecret: env.auth.clientSecret,
        checks: ["pkce", "state", "nonce"],
        authorization: {
          // Embedded mode: ask for credentials every time, so switching demo users works.
          params: { scope: "openid email profile groups", ...(env.embedded ? { prompt: "login" } : {}) },
        },
        profile(p) {
          return { id: String(p.sub), email: String(p.email ?? ""), name: String(p.name ?? p.email ?? p.sub) };
        },
      },
    ],
    callbacks: {
      async jwt({ token, account, profile }) {
        if (account && profile) {
          const user = await upsertUserFromLogin({
            subject: String(profile.sub),
            email: String(profile.email ?? ""),
            name: String(profile.name ?? profile.email ?? profile.sub),
            groups: groupsOf(profile as Record<string, unknown>, env.auth.groupsClaim),
          });
          token.uid = user.id;
        }
        return token;
      },
      async session({ session, token }) {
        if (typeof token.uid === "string") (session.user as { id?: string }).id = token.uid;
        return session;
      },
    },
  };
}

export const { handlers, auth, signIn, signOut } = NextAuth(() => config());
