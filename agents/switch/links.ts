import type { AdminState } from "@/lib/domain/fabric/types";
import { run } from "./frr-validate";

/**
 * The switch's ports as the kernel sees them (`ip -j link`), and their admin state. In a lab
 * the switch is a network namespace: every command then runs with `ip -n <netns>`.
 */
export type Link = { name: string; mac: string; adminUp: boolean; operState: "up" | "down" | "unknown" };

const ipArgs = (netns: string | undefined, args: string[]) => (netns ? ["-n", netns, ...args] : args);

export function operStateOf(kernel: string | undefined): Link["operState"] {
  if (kernel === "UP") return "up";
  if (kernel === "DOWN" || kernel === "LOWERLAYERDOWN" || kernel === "NOTPRESENT") return "down";
  return "unknown";
}

export async function listLinks(netns?: string): Promise<Link[]> {
  const r = await run("ip", ipArgs(netns, ["-j", "link", "show"]));
  if (r.code !== 0) throw new Error(`ip link show failed: ${r.stderr.trim()}`);
  const rows = JSON.parse(r.stdout) as { ifname: string; address?: string; operstate?: string; flags?: string[] }[];
  return rows.map((l) => ({ name: l.ifname, mac: (l.address ?? "").toLowerCase(), adminUp: (l.flags ?? []).includes("UP"), operState: operStateOf(l.operstate) }));
}

export async function setAdminState(netns: string | undefined, name: string, state: AdminState): Promise<void> {
  const r = await run("ip", ipArgs(netns, ["link", "set", "dev", name, state]));
  if (r.code !== 0) throw new Error(`ip link set ${name} ${state} failed: ${r.stderr.trim()}`);
}
