"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { IpDto, NetworkDto } from "@/lib/contracts/networks";
import { apiFetch } from "@/lib/api-client";
import { IpKindBadge } from "./badges";
import { CopyButton } from "@/components/ui/copy";
import { IpNameCell } from "./ip-name-cell";
import { useConfirm } from "@/components/ui/confirm";
import { toast } from "@/components/ui/toast";
import { ipKeys, networkKeys } from "./keys";

const small = "rounded-md border border-slate-300 px-2 py-1 text-xs disabled:opacity-60";

/** The project's IPs: copy, rename inline, make static, release. Editors only change them. */
export function IpTable({ ips, networks, canWrite }: { ips: IpDto[]; networks: Map<string, NetworkDto>; canWrite: boolean }) {
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
  return (
    <div className="relative overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
      {failed && <p role="alert" className="border-b border-red-200 bg-red-50 p-2 text-sm text-red-800">{failed.message}</p>}
      <table className="w-full text-left text-sm">
        <thead className="bg-slate-50 text-slate-600">
          <tr>
            <th className="px-3 py-2 font-medium">Address</th>
            <th className="px-3 py-2 font-medium">Name</th>
            <th className="px-3 py-2 font-medium">Network</th>
            <th className="px-3 py-2 font-medium">Kind</th>
            <th className="px-3 py-2 font-medium">Tags</th>
            <th className="px-3 py-2 font-medium">Machine</th>
            <th className="px-3 py-2"><span className="sr-only">Actions</span></th>
          </tr>
        </thead>
        <tbody>
          {ips.map((ip) => (
            <tr key={ip.id} className="border-t border-slate-100 align-top" data-testid="ip-row">
              <td className="px-3 py-2 whitespace-nowrap">
                <span className="font-mono" data-testid="ip-address">{ip.address}</span>{" "}
                <CopyButton value={ip.address} label={`Copy ${ip.address}`} />
              </td>
              <td className="px-3 py-2"><IpNameCell ip={ip} canWrite={canWrite} /></td>
              <td className="px-3 py-2">{networks.get(ip.networkId)?.name ?? <span className="font-mono text-xs">{ip.networkId}</span>}</td>
              <td className="px-3 py-2"><IpKindBadge kind={ip.kind} /></td>
              <td className="px-3 py-2">
                <ul className="flex flex-wrap gap-1">{ip.tags.map((t) => <li key={t} className="rounded bg-slate-100 px-1.5 py-0.5 text-xs">{t}</li>)}</ul>
              </td>
              <td className="px-3 py-2 font-mono text-xs">{ip.machineId ?? <span className="text-slate-400">—</span>}</td>
              <td className="px-3 py-2 text-right whitespace-nowrap">
                {canWrite && ip.kind === "ephemeral" && (
                  <button
                    onClick={() => makeStatic.mutate(ip.id)}
                    disabled={makeStatic.isPending && makeStatic.variables === ip.id}
                    title="Static IPs are kept when their machine is freed"
                    className={`${small} hover:bg-slate-50`}
                  >Make static<span className="sr-only"> {ip.address}</span></button>
                )}
                {canWrite && (
                  <button
                    onClick={async () => { if (await confirm({ title: `Release ${ip.address}${ip.name ? ` (${ip.name})` : ""}?`, body: "Another project may get it next.", confirmLabel: "Release IP" })) release.mutate(ip.id); }}
                    disabled={(release.isPending && release.variables === ip.id) || !!ip.machineId}
                    title={ip.machineId ? "In use by a machine: free the machine first" : undefined}
                    className={`${small} ml-2 hover:bg-red-50 hover:text-red-700`}
                  >Release<span className="sr-only"> {ip.address}</span></button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
