"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { ColumnDef } from "@tanstack/react-table";
import type { TokenDto } from "@/lib/contracts/tokens";
import { rowDangerButton } from "@/components/ui/buttons";
import { actionsColumn, DataTable } from "@/components/ui/data-table";
import { ActionError } from "@/components/ui/states";
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
  const columns: ColumnDef<TokenDto, unknown>[] = [
    { id: "description", header: "Description", meta: { className: "font-medium" }, cell: ({ row }) => row.original.description },
    { id: "token", header: "Token", meta: { className: "whitespace-nowrap font-mono" }, cell: ({ row }) => `${row.original.prefix}…` },
    { id: "roles", header: "Roles", cell: ({ row }) => <ul>{row.original.roles.map((g, i) => <li key={i} className="whitespace-nowrap">{describeGrant(g, names)}</li>)}</ul> },
    { id: "status", header: "Status", cell: ({ row }) => <span className={`rounded px-2 py-0.5 text-xs font-medium ${statusStyle[row.original.status]}`}>{row.original.status}</span> },
    { id: "expires", header: "Expires", meta: { className: "whitespace-nowrap text-slate-600" }, cell: ({ row }) => <Time iso={row.original.expiresAt} show="absolute" empty="never" /> },
    { id: "used", header: "Last used", meta: { className: "whitespace-nowrap text-slate-600" }, cell: ({ row }) => <Time iso={row.original.lastUsedAt} show="relative" empty="never" /> },
    actionsColumn((t) => t.status !== "revoked" && (
      <button
        onClick={async () => { if (await confirm({ title: `Revoke the token “${t.description}”?`, body: "Scripts using it will stop working.", confirmLabel: "Revoke token" })) revoke.mutate(t.id); }}
        disabled={revoke.isPending && revoke.variables === t.id}
        aria-label={`Revoke token ${t.description}`}
        className={rowDangerButton}
      >Revoke</button>
    )),
  ];
  return (
    <>
      <ActionError error={revoke.error} />
      <DataTable caption="API tokens" columns={columns} data={tokens} rowProps={() => ({ "data-testid": "token-row" })} />
    </>
  );
}
