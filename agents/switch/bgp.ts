import type { BgpSessionReport } from "@/lib/contracts/switches";

/**
 * BGP sessions from `show bgp vrf all neighbors json`: { <vrf>: { vrfId, vrfName, <neighbour>:
 * { bgpState, peerGroup, bgpTimerUpMsec, addressFamilyInfo: { <af>: { acceptedPrefixCounter, … } } } } }.
 * Read defensively: a field FRR does not print is a zero or null, never a crash.
 */
type Neighbour = {
  bgpState?: string;
  peerGroup?: string;
  bgpTimerUpMsec?: number;
  addressFamilyInfo?: Record<string, { acceptedPrefixCounter?: number; prefixReceivedCount?: number }>;
};

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

export function parseBgpNeighbours(json: string, now = Date.now()): BgpSessionReport[] {
  const doc: unknown = JSON.parse(json || "{}");
  if (!isObject(doc)) return [];
  const out: BgpSessionReport[] = [];
  for (const [vrf, body] of Object.entries(doc)) {
    if (!isObject(body)) continue;
    for (const [neighbour, raw] of Object.entries(body)) {
      if (!isObject(raw) || typeof raw.bgpState !== "string") continue;
      const n = raw as Neighbour;
      const families = Object.values(n.addressFamilyInfo ?? {});
      const accepted = families.reduce((s, f) => s + (f.acceptedPrefixCounter ?? 0), 0);
      const received = families.reduce((s, f) => s + (f.prefixReceivedCount ?? f.acceptedPrefixCounter ?? 0), 0);
      const up = n.bgpState === "Established" && typeof n.bgpTimerUpMsec === "number";
      out.push({
        neighbour: neighbour.slice(0, 64), peerGroup: (n.peerGroup ?? "").slice(0, 64), vrf: vrf.slice(0, 64), state: (n.bgpState ?? "").slice(0, 32),
        establishedSince: up ? new Date(now - n.bgpTimerUpMsec!).toISOString() : null,
        prefixesReceived: received, prefixesAccepted: accepted,
      });
    }
  }
  return out;
}
