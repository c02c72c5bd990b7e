import { describe, expect, it } from "vitest";
import { redactTokens } from "./redact";

describe("redactTokens", () => {
  it("replaces a token only where it stands alone", () => {
    const token = "0123456789abcdef0123456789abcdef";
    expect(redactTokens(`Request refused for session token ${token}.`, [token])).toBe("Request refused for session token ***.");
    expect(redactTokens(`token=${token}, again "${token}"`, [token])).toBe('token=***, again "***"');
    // Part of a longer word is not the token.
    expect(redactTokens(`x${token}`, [token])).toBe(`x${token}`);
  });

  it("leaves URLs and ids alone that merely contain a short secret's text", () => {
    const message = "GET https://10.1.2.3/redfish/v1/Systems/admin-1: HTTP 404: The resource at the URI /redfish/v1/Systems/admin-1 was not found.";
    expect(redactTokens(message, ["admin", "b"])).toBe(message);
  });

  it("replaces the basic-auth credential, whose base64 may end in =", () => {
    const basic = Buffer.from("admin:pw").toString("base64");
    expect(redactTokens(`Authorization: Basic ${basic} rejected`, [basic])).toBe("Authorization: Basic *** rejected");
  });
});
