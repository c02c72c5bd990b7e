import { run } from "@/agents/switch/frr-validate";
import type { CycleResult } from "@/agents/switch/agent";
import type { LabLeaf } from "@/lab/fabric/topology";

/**
 * Where one allocation's time goes (issue 13): the steps between the install report's commit and
 * the machine's /32 in both leaves' VRF tables, each as ms after the install report. Sources:
 * the allocation row (install report), the switch agents' cycle timelines (agents/switch/agent.ts),
 * the machine agent's log (installed OS and its FRR started), the machine state (Phoned Home,
 * polled), FRR's session uptime on the leaves, the route poll. Wall-clock ms since the epoch.
 */
export type AllocationMarks = {
  installReport: number;
  osStarted?: number;
  machineFrrStarted?: number;
  phonedHome: number;
  routes: number;
  leaves: { leaf: string; cycle?: CycleResult; established?: number }[];
};

export const TIMELINE_STEPS = [
  "switch agent woke (long poll answered)",
  "FRR apply start",
  "FRR apply end",
  "port moved into the VRF namespace",
  "leaf FRR restart end (lab, new VRF only)",
  "installed OS running (machine agent)",
  "machine FRR started",
  "Phoned Home",
  "BGP session Established (later leaf)",
  "/32 in both leaves' VRF tables",
] as const;

/** The first cycle of a leaf that changed something after the install report: the one that moved the port. */
export function cycleAfter(leaf: LabLeaf, since: number): CycleResult | undefined {
  return leaf.cycles.find((c) => c.changed && (c.timeline?.woke ?? 0) >= since - 5);
}

/** When the leaf's session to the machine's port came up (now − FRR's session uptime); undefined if not up. */
export async function establishedAt(leaf: LabLeaf, vrf: string, port: string): Promise<number | undefined> {
  const r = await run("vtysh", ["--vty_socket", leaf.frr.dir, "-c", `show bgp vrf ${vrf} neighbors ${port} json`]);
  const now = Date.now();
  if (r.code !== 0) return undefined;
  const n = (JSON.parse(r.stdout) as Record<string, { bgpState?: string; bgpTimerUpMsec?: number }>)[port];
  return n?.bgpState === "Established" && n.bgpTimerUpMsec !== undefined ? now - n.bgpTimerUpMsec : undefined;
}

/** Per step, ms after the install report's commit (undefined: the step did not happen in this allocation). */
export function offsets(m: AllocationMarks): Record<(typeof TIMELINE_STEPS)[number], number | undefined> {
  const rel = (t: number | undefined) => (t === undefined ? undefined : t - m.installReport);
  const latest = (f: (l: AllocationMarks["leaves"][number]) => number | undefined) => {
    const v = m.leaves.map(f);
    return v.some((x) => x === undefined) ? undefined : Math.max(...(v as number[]));
  };
  return {
    "switch agent woke (long poll answered)": rel(latest((l) => l.cycle?.timeline?.woke)),
    "FRR apply start": rel(latest((l) => l.cycle?.timeline?.applyStart)),
    "FRR apply end": rel(latest((l) => l.cycle?.timeline?.applyEnd)),
    "port moved into the VRF namespace": rel(latest((l) => l.cycle?.timeline?.portsPlaced)),
    "leaf FRR restart end (lab, new VRF only)": rel(latest((l) => l.cycle?.timeline?.restartEnd)),
    "installed OS running (machine agent)": rel(m.osStarted),
    "machine FRR started": rel(m.machineFrrStarted),
    "Phoned Home": rel(m.phonedHome),
    "BGP session Established (later leaf)": rel(latest((l) => l.established)),
    "/32 in both leaves' VRF tables": rel(m.routes),
  };
}

export function formatTimeline(m: AllocationMarks): string {
  const o = offsets(m);
  const how = m.leaves.map((l) => l.cycle?.timings?.how ?? "-").join("/");
  return TIMELINE_STEPS.map((s) => `${s} +${o[s] === undefined ? "—" : (o[s]! / 1000).toFixed(2)}`).join("; ") + ` (apply: ${how})`;
}
