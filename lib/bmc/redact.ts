/**
 * Secrets in BMC error messages, by construction: a password is never put into a message (ipmitool
 * gets it through its environment and never prints it; a Redfish login answer is never quoted,
 * see redfish/auth.ts), so no message is searched for it. Searching would garble messages:
 * with a short or common password ("admin", "b") every URL, id and word containing it was
 * replaced. What a BMC may echo back is a secret it handed out or we sent in a header — a
 * session token, the basic-auth credential — and those are replaced only as exact tokens:
 * where the text is delimited on both sides by characters that cannot be part of the token.
 */
// Base64, base64url and hex tokens; "=" only as padding at the end, so it may precede one ("token=…").
const charBefore = /[A-Za-z0-9+/_-]/;
const charAfter = /[A-Za-z0-9+/=_-]/;

export function redactTokens(message: string, tokens: readonly string[]): string {
  let out = message;
  for (const token of tokens) {
    if (!token) continue;
    let from = 0;
    for (let at = out.indexOf(token, from); at !== -1; at = out.indexOf(token, from)) {
      const before = at === 0 ? "" : out[at - 1];
      const after = out[at + token.length] ?? "";
      if ((before === "" || !charBefore.test(before)) && (after === "" || !charAfter.test(after))) {
        out = `${out.slice(0, at)}***${out.slice(at + token.length)}`;
        from = at + 3;
      } else {
        from = at + token.length;
      }
    }
  }
  return out;
}
