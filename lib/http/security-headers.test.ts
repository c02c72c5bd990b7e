import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, pageSecurityHeaders } from "./security-headers";

const base = { nonce: "abc123", dev: false, https: false, identityProvider: "http://localhost:3001/oidc" };

describe("page security headers", () => {
  it("allows only nonce'd scripts in production, never eval, and no framing", () => {
    const csp = contentSecurityPolicy(base);
    expect(csp).toContain("script-src 'self' 'nonce-abc123' 'strict-dynamic'");
    expect(csp).not.toContain("unsafe-eval");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("form-action 'self' http://localhost:3001");
    expect(csp).toContain("style-src 'self' 'nonce-abc123'");
  });
  it("lets only the CLI login page post to the CLI's loopback listener", () => {
    expect(contentSecurityPolicy(base)).not.toContain("127.0.0.1");
    expect(contentSecurityPolicy({ ...base, loopbackForms: true })).toContain("form-action 'self' http://localhost:3001 http://127.0.0.1:*");
  });
  it("adds what development tooling needs only in development", () => {
    const csp = contentSecurityPolicy({ ...base, dev: true });
    expect(csp).toContain("'unsafe-eval'");
    expect(csp).toContain("style-src 'self' 'unsafe-inline'");
  });
  it("sends HSTS and upgrades requests only over https", () => {
    expect(pageSecurityHeaders(base)["strict-transport-security"]).toBeUndefined();
    const https = pageSecurityHeaders({ ...base, https: true });
    expect(https["strict-transport-security"]).toMatch(/^max-age=\d+/);
    expect(https["content-security-policy"]).toContain("upgrade-insecure-requests");
    expect(Object.keys(https).sort()).toEqual(["content-security-policy", "strict-transport-security"]);
  });
});
