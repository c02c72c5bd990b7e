"use client";

import type { ColumnDef } from "@tanstack/react-table";
import type { NetworkDto } from "@/lib/contracts/networks";
import { rowDangerButton } from "@/components/ui/buttons";
import { actionsColumn, DataTable, type SortState } from "@/components/ui/data-table";
import { ActionError } from "@/components/ui/states";
import { NetworkKindBadge } from "./badges";
import { PrefixUsageBar } from "./usage-bar";
import { useDeleteNetwork } from "./use-delete-network";

/**
 * Networks with one usage bar per prefix. Operators also see owner, NAT, routes and who may
 * use an external network; `canDelete` decides per row (the API checks again).
 */
export function NetworkTable({ networks, canDelete, admin = false, projectNames, caption, sort, onSort }: {
  networks: NetworkDto[];
  canDelete: (n: NetworkDto) => boolean;
  admin?: boolean;
  /** Project id → "tenant / project", for operators. */
  projectNames?: Map<string, string>;
  caption: string;
  /** Server-side sort (the admin list): name, kind, partition headers become sort buttons. */
  sort?: SortState;
  onSort?: (s: SortState) => void;
}) {
  const projectName = (id: string) => projectNames?.get(id) ?? id;
  const { mutation: remove, confirmDelete } = useDeleteNetwork();
  const columns: ColumnDef<NetworkDto, unknown>[] = [
    {
      id: "network", header: "Network", meta: { sortKey: "name" },
      cell: ({ row: { original: n } }) => (
        <>
          <div className="font-medium">{n.name}</div>
          <div className="font-mono text-xs text-slate-600" data-testid="network-id">{n.id}</div>
          {n.description && <div className="text-slate-600">{n.description}</div>}
          {admin && n.projectId && <div className="text-xs text-slate-600">project {projectName(n.projectId)}</div>}
        </>
      ),
    },
    { id: "kind", header: "Kind", meta: { sortKey: "kind" }, cell: ({ row }) => <NetworkKindBadge kind={row.original.kind} /> },
    { id: "partition", header: "Partition", meta: { sortKey: "partition" }, cell: ({ row }) => row.original.partitionId ?? <span className="text-slate-600">any</span> },
    { id: "vrf", header: "VRF", meta: { className: "font-mono" }, cell: ({ row }) => row.original.vrf ?? "—" },
    { id: "prefixes", header: "Prefixes and usage", cell: ({ row }) => <ul className="grid gap-2">{row.original.prefixes.map((p) => <li key={p.cidr}><PrefixUsageBar prefix={p} /></li>)}</ul> },
    ...(admin ? [{ id: "routing", header: "Routing", meta: { className: "text-xs" }, cell: ({ row }) => <RoutingDetails network={row.original} projectName={projectName} /> } satisfies ColumnDef<NetworkDto, unknown>] : []),
    actionsColumn((n) => canDelete(n) && (
      <button onClick={() => confirmDelete(n)} disabled={remove.isPending && remove.variables === n.id} aria-label={`Delete network ${n.name}`} className={rowDangerButton}>Delete</button>
    )),
  ];
  return (
    <>
      <ActionError error={remove.error} />
      <DataTable caption={caption} columns={columns} data={networks} sort={sort} onSort={onSort} rowProps={() => ({ "data-testid": "network-row" })} />
    </>
  );
}

function RoutingDetails({ network: n, projectName }: { network: NetworkDto; projectName: (id: string) => string }) {
  const children = [n.defaultChildPrefixLength.ipv4 && `v4 /${n.defaultChildPrefixLength.ipv4}`, n.defaultChildPrefixLength.ipv6 && `v6 /${n.defaultChildPrefixLength.ipv6}`].filter(Boolean);
  return (
    <dl className="grid grid-cols-[auto_1fr] gap-x-2 gap-y-0.5">
      <dt className="text-slate-600">NAT</dt><dd>{n.nat}</dd>
      {n.destinationPrefixes.length > 0 && <><dt className="text-slate-600">Routes</dt><dd className="font-mono">{n.destinationPrefixes.join(", ")}</dd></>}
      {children.length > 0 && <><dt className="text-slate-600">Children</dt><dd>{children.join(", ")}</dd></>}
      {n.kind === "external" && <><dt className="text-slate-600">Projects</dt><dd>{n.allowedProjectIds === null ? "all" : n.allowedProjectIds.map(projectName).join(", ") || "none"}</dd></>}
    </dl>
  );
}
