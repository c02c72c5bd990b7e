import Link from "next/link";
import type { MachineDto } from "@/lib/contracts/machines";
import { DataTable, Th } from "@/components/catalog/ui";
import { ConditionBadge, LivelinessBadge, StateBadge } from "./badges";

/** Every machine for operators: where it is, what it is, how it is, and whose it is. */
export function AdminMachineTable({ machines, projectName }: { machines: MachineDto[]; projectName: (id: string) => string }) {
  return (
    <DataTable caption="All machines" head={<><Th>Machine</Th><Th>Partition</Th><Th>Rack</Th><Th>Size</Th><Th>State</Th><Th>Liveliness</Th><Th>Condition</Th><Th>Project</Th></>}>
      {machines.map((m) => (
        <tr key={m.id} className="border-t border-slate-100 align-top" data-testid="admin-machine-row" data-machine-id={m.id}>
          <td className="px-3 py-2">
            <Link href={`/admin/machines/${m.id}`} className="font-mono text-xs text-brand-700 hover:underline">{m.id}</Link>
            {m.allocation && <div className="text-slate-600">{m.allocation.hostname}</div>}
          </td>
          <td className="px-3 py-2">{m.partitionId}</td>
          <td className="px-3 py-2">{m.rack || "—"}</td>
          <td className="px-3 py-2 whitespace-nowrap font-mono text-xs">{m.sizeId ?? <span className="text-amber-800">no size</span>}</td>
          <td className="px-3 py-2"><StateBadge machine={m} /></td>
          <td className="px-3 py-2"><LivelinessBadge liveliness={m.liveliness} /></td>
          <td className="px-3 py-2"><ConditionBadge condition={m.condition} /></td>
          <td className="px-3 py-2">{m.allocation ? projectName(m.allocation.projectId) : <span className="text-slate-500">free</span>}</td>
        </tr>
      ))}
    </DataTable>
  );
}
