import { tryParseIp } from "./address";
import { prefixContains, tryParsePrefix } from "./prefix";

/** True when `ip` (a literal, v4 or v6) lies in one of the CIDRs; anything unparsable is outside. */
export function ipInNetworks(ip: string, networks: readonly string[]): boolean {
  const addr = tryParseIp(ip);
  if (!addr.ok) return false;
  return networks.some((cidr) => {
    const prefix = tryParsePrefix(cidr);
    return prefix.ok && prefix.value.family === addr.value.family && prefixContains(prefix.value, addr.value);
  });
}
