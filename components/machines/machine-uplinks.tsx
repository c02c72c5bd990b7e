"use client";

import { Badge } from "@/components/catalog/ui";
import { useMachineUplinks } from "@/components/admin/use-switches";

const tone = (s: string) => (s === "up" || s === "Established" ? "green" : s === "down" ? "red" : "amber");

/** A machine's two uplinks (leaf, port, link and BGP state), on the tenant's and the operators' machine page. */
export function MachineUplinks({ machineId, refetchInterval }: { machineId: string; refetchInterval: number }) {
  const q = useMachineUplinks(machineId, refetchInterval);
  if (q.isPending || q.isError) return null;
  const { uplinks, cablingIssue } = q.data;
  if (!uplinks.length && !cablingIssue) return null;
  return (
    <section aria-labelledby={`uplinks-${machineId}`} className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm" data-testid="machine-uplinks">
      <h2 id={`uplinks-${machineId}`} className="mb-2 font-semibold">Uplinks</h2>
      {cablingIssue && <p role="note" className="mb-2 rounded-md border border-amber-300 bg-amber-50 p-2 text-sm text-amber-900">Cabling: {cablingIssue}</p>}
      <ul className="grid gap-2 text-sm">
        {uplinks.map((u) => (
          <li key={u.nic} className="flex flex-wrap items-center gap-2" data-testid="uplink">
            <span className="font-mono">{u.nic}</span>→<span className="font-mono">{u.switchId} {u.port}</span>
            <Badge tone={tone(u.operState)}>link {u.operState}</Badge>
            {u.desiredAdminState === "down" && <Badge tone="red">admin down</Badge>}
            {u.bgp ? <Badge tone={tone(u.bgp.state)}>BGP {u.bgp.state}{u.vrf ? ` (${u.vrf})` : ""}</Badge> : <Badge>no BGP session</Badge>}
          </li>
        ))}
      </ul>
    </section>
  );
}
