import Link from "next/link";
import type { MachineDto } from "@/lib/contracts/machines";
import { DataTable, Th } from "@/components/catalog/ui";
import { LivelinessBadge, StateBadge } from "./badges";
import { machineAddresses, machineLabel } from "./format";

/** A project's machines: what a tenant needs to find one and see whether it is up. */
export function MachineTable({ machines }: { machines: MachineDto[] }) {
  return (
    <DataTable caption="Machines of this project" head={<><Th>Machine</Th><Th>State</Th><Th>Liveliness</Th><Th>Size</Th><Th>Partition</Th><Th>IPs</Th><Th>Image</Th></>}>
      {machines.map((m) => (
        <tr key={m.id} className="border-t border-slate-100 align-top" data-testid="machine-row" data-machine-id={m.id}>
          <td className="px-3 py-2">
            <Link href={`/machines/${m.id}`} className="font-medium text-brand-700 hover:underline">{machineLabel(m)}</Link>
            {m.allocation?.name && <div className="text-slate-600">{m.allocation.name}</div>}
            <div className="hidden font-mono text-xs text-slate-500 sm:block">{m.id}</div>
          </td>
          <td className="px-3 py-2"><StateBadge machine={m} words="tenant" /></td>
          <td className="px-3 py-2"><LivelinessBadge liveliness={m.liveliness} /></td>
          <td className="px-3 py-2 whitespace-nowrap font-mono text-xs">{m.sizeId ?? "—"}</td>
          <td className="px-3 py-2">{m.partitionId}</td>
          <td className="px-3 py-2 font-mono text-xs">
            <ul>{machineAddresses(m).map((a) => <li key={a}>{a}</li>)}</ul>
          </td>
          <td className="px-3 py-2 whitespace-nowrap font-mono text-xs">{m.allocation?.imageId ?? "—"}</td>
        </tr>
      ))}
    </DataTable>
  );
}
