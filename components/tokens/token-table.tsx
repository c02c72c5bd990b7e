"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { TokenDto } from "@/lib/contracts/tokens";
import { api, unwrap } from "@/lib/api-client";
import { useConfirm } from "@/components/ui/confirm";
import { Time } from "@/components/ui/time";
import { toast } from "@/components/ui/toast";
import { tokenKeys } from "./keys";
import { describeGrant, type RoleNames } from "./role-names";

const statusStyle: Record<TokenDto["status"], string> = {
  active: "bg-green-100 text-green-800",
  expired: "bg-amber-100 text-amber-800",
  revoked: "bg-slate-200 text-slate-700",
};


export function TokenTable({ tokens, names }: { tokens: TokenDto[]; names: RoleNames }) {
  const qc = useQueryClient();
  const confirm = useConfirm();
  const revoke = useMutation({
    mutationFn: (id: string) => unwrap(api.DELETE("/api/v1/tokens/{id}", { params: { path: { id } } })),
    onSuccess: () => toast.success("Token revoked"),
    onSettled: () => qc.invalidateQueries({ queryKey: tokenKeys.all }),
  });
  return (
    <div className="relative overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
      {revoke.isError && <p role="alert" className="border-b border-red-200 bg-red-50 p-2 text-sm text-red-800">{revoke.error.message}</p>}
      <table className="w-full text-left text-sm">
        <thead className="bg-slate-50 text-slate-600">
          <tr>
            <th className="px-3 py-2 font-medium">Description</th>
            <th className="px-3 py-2 font-medium">Token</th>
            <th className="px-3 py-2 font-medium">Roles</th>
            <th className="px-3 py-2 font-medium">Status</th>
            <th className="px-3 py-2 font-medium">Expires</th>
            <th className="px-3 py-2 font-medium">Last used</th>
            <th className="px-3 py-2"><span className="sr-only">Actions</span></th>
          </tr>
        </thead>
        <tbody>
          {tokens.map((t) => (
            <tr key={t.id} className="border-t border-slate-100 align-top">
              <td className="px-3 py-2 font-medium">{t.description}</td>
              <td className="px-3 py-2 whitespace-nowrap font-mono">{t.prefix}…</td>
              <td className="px-3 py-2">
                <ul>{t.roles.map((g, i) => <li key={i} className="whitespace-nowrap">{describeGrant(g, names)}</li>)}</ul>
              </td>
              <td className="px-3 py-2">
                <span className={`rounded px-2 py-0.5 text-xs font-medium ${statusStyle[t.status]}`}>{t.status}</span>
              </td>
              <td className="px-3 py-2 whitespace-nowrap text-slate-600"><Time iso={t.expiresAt} show="absolute" empty="never" /></td>
              <td className="px-3 py-2 whitespace-nowrap text-slate-600"><Time iso={t.lastUsedAt} show="relative" empty="never" /></td>
              <td className="px-3 py-2 text-right">
                {t.status !== "revoked" && (
                  <button
                    onClick={async () => { if (await confirm({ title: `Revoke the token “${t.description}”?`, body: "Scripts using it will stop working.", confirmLabel: "Revoke token" })) revoke.mutate(t.id); }}
                    disabled={revoke.isPending && revoke.variables === t.id}
                    aria-label={`Revoke token ${t.description}`}
                    className="rounded-md border border-slate-300 px-2 py-1 text-xs hover:bg-red-50 hover:text-red-700 disabled:opacity-60"
                  >Revoke</button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
