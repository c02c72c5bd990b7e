import { BmcError } from "../driver";

/**
 * The origin ("https://host:port") of a Redfish service from a BMC address (BmcConnection):
 * "host", "host:port", "[v6]:port" or a bare IPv6 address mean HTTPS, the Redfish default;
 * a full "http(s)://host[:port]" URL keeps its scheme (the lab emulator speaks plain HTTP).
 * A path in the URL is ignored (Redfish lives at /redfish/v1/ on every service), except a
 * system's: see parseRedfishTarget.
 */
export function parseRedfishAddress(address: string): string {
  return parseRedfishTarget(address).origin;
}

/**
 * The origin and, when the address names one ("https://10.1.2.3/redfish/v1/Systems/<id>"),
 * the path of the computer system to manage (a BMC of a blade or multi-node chassis has several).
 */
export function parseRedfishTarget(address: string): { origin: string; systemPath: string | null } {
  const trimmed = address.trim();
  // Never echo credentials someone put into the address ("user:pass@host").
  const shown = trimmed.replace(/^([a-z][a-z0-9+.-]*:\/\/)?[^@/]*@/i, "$1***@");
  const invalid = (why: string) => new BmcError("rejected", `invalid Redfish address "${shown}": ${why}`);
  if (!trimmed) throw invalid("empty");
  let text = trimmed;
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) {
    // A bare IPv6 address has more than one colon and no brackets.
    const bareV6 = !text.startsWith("[") && (text.match(/:/g)?.length ?? 0) > 1;
    text = `https://${bareV6 ? `[${text}]` : text}`;
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw invalid("not a host, host:port or URL");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") throw invalid(`unsupported scheme ${url.protocol}`);
  // Credentials belong in BmcConnection.user/password, never in an address that gets logged.
  if (url.username || url.password) throw invalid("credentials in the address are not allowed");
  if (!url.hostname) throw invalid("no host");
  const system = /^\/redfish\/v1\/Systems\/([^/]+)\/?$/.exec(url.pathname);
  return { origin: url.origin, systemPath: system ? `/redfish/v1/Systems/${system[1]}` : null };
}
