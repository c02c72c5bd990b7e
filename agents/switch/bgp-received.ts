import type { BgpSessionReport } from "@/lib/contracts/switches";
import { DEBIAN_FRR, run } from "./frr-validate";
import type { FrrInstance } from "./frr";

/**
 * What a machine *sent*, not only what the leaf accepted: FRR's neighbour JSON counts accepted
 * prefixes only, so a machine announcing an address it does not own (filtered by the tenant's
 * prefix-list) would be invisible. With `soft-reconfiguration inbound` on the MACHINE peer group
 * (render-leaf.ts) FRR keeps the unfiltered routes; `received-routes` counts them. One vtysh call
 * for all machine sessions (JSON documents back to back, one per command).
 */
export function splitJsonDocuments(out: string): unknown[] {
  const docs: unknown[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  for (let i = 0; i < out.length; i++) {
    const c = out[i];
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === "{") {
      if (depth++ === 0) start = i;
    } else if (c === "}" && depth > 0 && --depth === 0) {
      try {
        docs.push(JSON.parse(out.slice(start, i + 1)));
      } catch {
        docs.push(null);
      }
    }
  }
  return docs;
}

const total = (doc: unknown): number | null => {
  const n = (doc as { totalPrefixCounter?: unknown } | null)?.totalPrefixCounter;
  return typeof n === "number" ? n : null;
};

export async function withReceivedCounts(frr: FrrInstance, sessions: BgpSessionReport[]): Promise<BgpSessionReport[]> {
  const machines = sessions.filter((s) => s.peerGroup === "MACHINE" && s.state === "Established" && s.vrf !== "default");
  if (machines.length === 0) return sessions;
  const commands = machines.flatMap((s) => ["ipv4", "ipv6"].map((af) => `show bgp vrf ${s.vrf} ${af} unicast neighbors ${s.neighbour} received-routes json`));
  const r = await run((frr.tools ?? DEBIAN_FRR).vtysh, ["--vty_socket", frr.vtySocket, ...commands.flatMap((c) => ["-c", c])], { timeoutMs: 20_000 });
  const docs = r.code === 0 ? splitJsonDocuments(r.stdout) : [];
  if (docs.length !== commands.length) return sessions; // an answer we cannot pair up: keep FRR's own counts
  const received = new Map(machines.map((s, i) => {
    const [v4, v6] = [total(docs[2 * i]), total(docs[2 * i + 1])];
    return [`${s.vrf}/${s.neighbour}`, v4 === null && v6 === null ? null : (v4 ?? 0) + (v6 ?? 0)] as const;
  }));
  return sessions.map((s) => {
    const n = received.get(`${s.vrf}/${s.neighbour}`);
    return n == null ? s : { ...s, prefixesReceived: Math.max(n, s.prefixesAccepted) };
  });
}
