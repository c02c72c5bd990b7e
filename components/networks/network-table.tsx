"use client";

import type { NetworkDto } from "@/lib/contracts/networks";
import { NetworkKindBadge } from "./badges";
import { PrefixUsageBar } from "./usage-bar";
import { useDeleteNetwork } from "./use-delete-network";

/**
 * Networks with one usage bar per prefix. Operators also see owner, NAT, routes and who may
 * use an external network; `canDelete` decides per row (the API checks again).
 */
export function NetworkTable({ networks, canDelete, admin = false, projectNames, caption }: {
  networks: NetworkDto[];
  canDelete: (n: NetworkDto) => boolean;
  admin?: boolean;
  /** Project id → "tenant / project", for operators. */
  projectNames?: Map<string, string>;
  caption: string;
}) {
  const projectName = (id: string) => projectNames?.get(id) ?? id;
  const { mutation: remove, confirmDelete } = useDeleteNetwork();
  return (
    <div className="relative overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
      {remove.isError && <p role="alert" className="border-b border-red-200 bg-red-50 p-2 text-sm text-red-800">{remove.error.message}</p>}
      <table className="w-full text-left text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="bg-slate-50 text-slate-600">
          <tr>
            <th className="px-3 py-2 font-medium">Network</th>
            <th className="px-3 py-2 font-medium">Kind</th>
            <th className="px-3 py-2 font-medium">Partition</th>
            <th className="px-3 py-2 font-medium">VRF</th>
            <th className="px-3 py-2 font-medium">Prefixes and usage</th>
            {admin && <th className="px-3 py-2 font-medium">Routing</th>}
            <th className="px-3 py-2"><span className="sr-only">Actions</span></th>
          </tr>
        </thead>
        <tbody>
          {networks.map((n) => (
            <tr key={n.id} className="border-t border-slate-100 align-top" data-testid="network-row">
              <td className="px-3 py-2">
                <div className="font-medium">{n.name}</div>
                <div className="font-mono text-xs text-slate-500" data-testid="network-id">{n.id}</div>
                {n.description && <div className="text-slate-500">{n.description}</div>}
                {admin && n.projectId && <div className="text-xs text-slate-500">project {projectName(n.projectId)}</div>}
              </td>
              <td className="px-3 py-2"><NetworkKindBadge kind={n.kind} /></td>
              <td className="px-3 py-2">{n.partitionId ?? <span className="text-slate-400">any</span>}</td>
              <td className="px-3 py-2 font-mono">{n.vrf ?? "—"}</td>
              <td className="px-3 py-2">
                <ul className="grid gap-2">{n.prefixes.map((p) => <li key={p.cidr}><PrefixUsageBar prefix={p} /></li>)}</ul>
              </td>
              {admin && <td className="px-3 py-2 text-xs"><RoutingDetails network={n} projectName={projectName} /></td>}
              <td className="px-3 py-2 text-right">
                {canDelete(n) && (
                  <button
                    onClick={() => confirmDelete(n)}
                    disabled={remove.isPending && remove.variables === n.id}
                    aria-label={`Delete network ${n.name}`}
                    className="rounded-md border border-slate-300 px-2 py-1 text-xs hover:bg-red-50 hover:text-red-700 disabled:opacity-60"
                  >Delete</button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function RoutingDetails({ network: n, projectName }: { network: NetworkDto; projectName: (id: string) => string }) {
  const children = [n.defaultChildPrefixLength.ipv4 && `v4 /${n.defaultChildPrefixLength.ipv4}`, n.defaultChildPrefixLength.ipv6 && `v6 /${n.defaultChildPrefixLength.ipv6}`].filter(Boolean);
  return (
    <dl className="grid grid-cols-[auto_1fr] gap-x-2 gap-y-0.5">
      <dt className="text-slate-500">NAT</dt><dd>{n.nat}</dd>
      {n.destinationPrefixes.length > 0 && <><dt className="text-slate-500">Routes</dt><dd className="font-mono">{n.destinationPrefixes.join(", ")}</dd></>}
      {children.length > 0 && <><dt className="text-slate-500">Children</dt><dd>{children.join(", ")}</dd></>}
      {n.kind === "external" && <><dt className="text-slate-500">Projects</dt><dd>{n.allowedProjectIds === null ? "all" : n.allowedProjectIds.map(projectName).join(", ") || "none"}</dd></>}
    </dl>
  );
}
