import { BmcError } from "../driver";

export const IPMI_DEFAULT_PORT = 623;

/**
 * "host", "host:port", "[v6]:port" or a bare IPv6 address → host and UDP port. The host goes
 * to ipmitool as an argument, so it is restricted to what a hostname or IP literal can
 * contain (no leading "-" that could read as an option).
 */
export function parseIpmiAddress(address: string): { host: string; port: number } {
  const trimmed = address.trim();
  let host = trimmed;
  let port = String(IPMI_DEFAULT_PORT);
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(trimmed);
  if (bracketed) {
    host = bracketed[1];
    port = bracketed[2] ?? port;
  } else if ((trimmed.match(/:/g) ?? []).length === 1) {
    [host, port] = trimmed.split(":");
  }
  if (!/^[A-Za-z0-9_.:%]([A-Za-z0-9_.:%-]*)$/.test(host)) {
    throw new BmcError("rejected", `invalid BMC address "${address}": expected host or host:port`);
  }
  const portNumber = Number(port);
  if (!/^\d+$/.test(port) || portNumber < 1 || portNumber > 65535) {
    throw new BmcError("rejected", `invalid BMC address "${address}": port must be 1-65535`);
  }
  return { host, port: portNumber };
}
