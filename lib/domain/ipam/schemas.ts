import { text } from "../text";
import { formatIp, tryParseIp, type IpFamily } from "./address";
import { formatPrefix, tryParsePrefix } from "./prefix";

/**
 * Zod contracts for addresses and prefixes, validated by the same parsers the allocator uses,
 * so a form, the API and the database layer can never disagree on what "valid" means. The
 * issue message is the parser's (e.g. "host bits set: did you mean 10.0.0.0/24?"). Inputs are
 * not trimmed: a stray space is an error the person should see, not something to guess at.
 */

function familyIssue(family: IpFamily | undefined, actual: IpFamily): string | null {
  return family !== undefined && family !== actual ? `must be an IPv${family} value` : null;
}

/** IP address schema, optionally of one family; the output is the string as typed. */
export function ipStringFor(family?: IpFamily) {
  return text().max(64).superRefine((s, ctx) => {
    const r = tryParseIp(s);
    const message = r.ok ? familyIssue(family, r.value.family) : r.error.message;
    if (message) ctx.addIssue({ code: "custom", message });
  });
}

/** CIDR prefix schema (host bits must be clear), optionally of one family; output as typed. */
export function prefixStringFor(family?: IpFamily) {
  return text().max(64).superRefine((s, ctx) => {
    const r = tryParsePrefix(s);
    const message = r.ok ? familyIssue(family, r.value.family) : r.error.message;
    if (message) ctx.addIssue({ code: "custom", message });
  });
}

export const ipString = ipStringFor();
export const prefixString = prefixStringFor();

/**
 * Like ipString, but outputs the canonical form (RFC 5952 for IPv6). Use it where the string
 * becomes a key: "2001:DB8::0:1" and "2001:db8::1" must not be stored as two different IPs.
 * The transform only runs after the refinement passed, so the fallback is unreachable.
 */
export const canonicalIpString = ipString.transform((s) => {
  const r = tryParseIp(s);
  return r.ok ? formatIp(r.value.family, r.value.value) : s;
});

export const canonicalPrefixString = prefixString.transform((s) => {
  const r = tryParsePrefix(s);
  return r.ok ? formatPrefix(r.value) : s;
});
