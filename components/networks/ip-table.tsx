"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { ColumnDef } from "@tanstack/react-table";
import Link from "next/link";
import { actionsColumn, DataTable, type SortState } from "@/components/ui/data-table";
import { rowDangerButton, smallButton } from "@/components/ui/buttons";
import { ActionError } from "@/components/ui/states";
import type { IpDto, NetworkDto } from "@/lib/contracts/networks";
import { apiFetch } from "@/lib/api-client";
import { IpKindBadge } from "./badges";
import { CopyButton } from "@/components/ui/copy";
import { IpNameCell } from "./ip-name-cell";
import { useConfirm } from "@/components/ui/confirm";
import { toast } from "@/components/ui/toast";
import { ipKeys, networkKeys } from "./keys";

/** The project's IPs: copy, rename inline, make static, release. Editors only change them. */
export function IpTable({ ips, networks, canWrite, sort, onSort }: { ips: IpDto[]; networks: Map<string, NetworkDto>; canWrite: boolean; sort?: SortState; onSort?: (s: SortState) => void }) {
  const qc = useQueryClient();
  const confirm = useConfirm();
  const invalidate = async () => {
    await qc.invalidateQueries({ queryKey: ipKeys.all });
    await qc.invalidateQueries({ queryKey: networkKeys.all });
  };
  // Each action clears the other's old error, so the alert always explains the latest one.
  const makeStatic = useMutation({
    mutationFn: (id: string) => apiFetch<IpDto>(`/api/v1/ips/${id}`, { method: "PATCH", body: { kind: "static" } }),
    onMutate: (): void => release.reset(),
    onSettled: invalidate,
  });
  const release = useMutation({
    mutationFn: (id: string) => apiFetch<void>(`/api/v1/ips/${id}`, { method: "DELETE" }),
    onMutate: (): void => makeStatic.reset(),
    onSuccess: () => toast.success("IP released"),
    onSettled: invalidate,
  });
  const failed = makeStatic.error ?? release.error;
  const columns: ColumnDef<IpDto, unknown>[] = [
    {
      id: "address", header: "Address", meta: { sortKey: "address", className: "whitespace-nowrap" },
      cell: ({ row: { original: ip } }) => <><span className="font-mono" data-testid="ip-address">{ip.address}</span>{" "}<CopyButton value={ip.address} label={`Copy ${ip.address}`} /></>,
    },
    { id: "name", header: "Name", meta: { sortKey: "name" }, cell: ({ row }) => <IpNameCell ip={row.original} canWrite={canWrite} /> },
    { id: "network", header: "Network", cell: ({ row: { original: ip } }) => networks.get(ip.networkId)?.name ?? <span className="font-mono text-xs">{ip.networkId}</span> },
    { id: "kind", header: "Kind", meta: { sortKey: "kind" }, cell: ({ row }) => <IpKindBadge kind={row.original.kind} /> },
    { id: "tags", header: "Tags", cell: ({ row }) => <ul className="flex flex-wrap gap-1">{row.original.tags.map((t) => <li key={t} className="rounded bg-slate-100 px-1.5 py-0.5 text-xs">{t}</li>)}</ul> },
    {
      id: "machine", header: "Machine", meta: { className: "font-mono text-xs" },
      cell: ({ row: { original: ip } }) => (ip.machineId ? <Link href={`/machines/${ip.machineId}`} className="text-brand-700 hover:underline">{ip.machineId}</Link> : <span className="text-slate-600">—</span>),
    },
    actionsColumn((ip) => (
        <span className="inline-flex gap-2">
          {canWrite && ip.kind === "ephemeral" && (
            <button
              onClick={() => makeStatic.mutate(ip.id)}
              disabled={makeStatic.isPending && makeStatic.variables === ip.id}
              title="Static IPs are kept when their machine is freed"
              className={`${smallButton} disabled:opacity-60`}
            >Make static<span className="sr-only"> {ip.address}</span></button>
          )}
          {canWrite && (
            <button
              onClick={async () => { if (await confirm({ title: `Release ${ip.address}${ip.name ? ` (${ip.name})` : ""}?`, body: "Another project may get it next.", confirmLabel: "Release IP" })) release.mutate(ip.id); }}
              disabled={(release.isPending && release.variables === ip.id) || !!ip.machineId}
              title={ip.machineId ? "In use by a machine: free the machine first" : undefined}
              className={rowDangerButton}
            >Release<span className="sr-only"> {ip.address}</span></button>
          )}
        </span>
    )),
  ];
  return (
    <>
      <ActionError error={failed} />
      <DataTable caption="IP addresses of this project" columns={columns} data={ips} sort={sort} onSort={onSort} rowProps={() => ({ "data-testid": "ip-row" })} />
    </>
  );
}
