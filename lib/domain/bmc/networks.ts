import { ipInNetworks } from "@/lib/domain/ipam";

/**
 * Whether a BMC address lies inside the partition's BMC networks (issue 10 item 3: the control
 * plane contacts BMCs only there, so a machine cannot make it request an arbitrary address).
 * Only an IP literal can be judged: a host name can resolve anywhere, so it counts as outside
 * (an operator approves it explicitly). Addresses are "host", "host:port", "[v6]:port", a bare
 * IPv6 address or "http(s)://host[:port][/path]".
 */
export function bmcHost(address: string): string | null {
  let rest = address.trim().replace(/^[a-z][a-z0-9+.-]*:\/\//i, "");
  rest = rest.split(/[/?#]/, 1)[0];
  if (rest.includes("@")) return null; // credentials in an address: never judged inside
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(rest);
  if (bracketed) return bracketed[1];
  if ((rest.match(/:/g) ?? []).length === 1) return rest.split(":")[0];
  return rest || null;
}

export function bmcAddressInNetworks(address: string, networks: readonly string[]): boolean {
  const host = bmcHost(address);
  return host !== null && ipInNetworks(host, networks);
}
