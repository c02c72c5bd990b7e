import dgram from "node:dgram";
import { readFileSync } from "node:fs";

/**
 * UDP ports for lab BMCs. ipmi_sim binds with SO_REUSEADDR: a second ipmi_sim on a port in use
 * starts without complaint and shares it, and a readiness ping may then be answered by the
 * wrong BMC. So a port is checked free (a bind without SO_REUSEADDR fails on a port anyone
 * holds), ports handed out in this process are not handed out twice, and after the start the
 * caller checks that exactly one socket holds the port.
 */
const handedOut = new Set<number>();

async function bindable(host: string, port: number): Promise<number | null> {
  const socket = dgram.createSocket("udp4");
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once("error", reject);
      socket.bind(port, host, () => resolve());
    });
    return socket.address().port;
  } catch {
    return null;
  } finally {
    await new Promise<void>((resolve) => socket.close(() => resolve()));
  }
}

/** Claims `port` (or, with 0, a free port the kernel picks) for a BMC; null when it is in use. */
export async function claimUdpPort(host: string, port = 0): Promise<number | null> {
  for (let attempt = 0; attempt < 10; attempt++) {
    const got = await bindable(host, port);
    if (got === null) return null;
    if (!handedOut.has(got)) {
      handedOut.add(got);
      return got;
    }
    if (port !== 0) return null;
  }
  return null;
}

export function releaseUdpPort(port: number): void {
  handedOut.delete(port);
}

/**
 * How many sockets are bound to `port` on 127.0.0.1 or 0.0.0.0 (Linux /proc/net/udp; null
 * where that cannot be read). Addresses there are little-endian hex, ports big-endian hex.
 */
export function udpSocketsOnPort(port: number): number | null {
  let table: string;
  try {
    table = readFileSync("/proc/net/udp", "utf8");
  } catch {
    return null;
  }
  const suffix = `:${port.toString(16).toUpperCase().padStart(4, "0")}`;
  return table
    .split("\n")
    .slice(1)
    .map((line) => line.trim().split(/\s+/)[1] ?? "")
    .filter((local) => local === `0100007F${suffix}` || local === `00000000${suffix}`).length;
}
