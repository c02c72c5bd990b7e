"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { BmcDto } from "@/lib/contracts/bmc";
import { apiFetch } from "@/lib/api-client";
import { primaryButton } from "@/components/catalog/ui";
import { machineKeys } from "./keys";

/**
 * A BMC whose reported address lies outside the partition's BMC networks is not contacted
 * (lib/services/bmc/bmc-networks.ts). Everyone sees why; operator editors approve the address
 * here (audited), or correct it in the BMC settings below.
 */
export function BmcNetworkNotice({ machineId, bmc, canApprove }: { machineId: string; bmc: BmcDto; canApprove: boolean }) {
  const qc = useQueryClient();
  const approve = useMutation({
    mutationFn: () => apiFetch<BmcDto>(`/api/v1/admin/machines/${encodeURIComponent(machineId)}/bmc/approve`, { method: "POST" }),
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: machineKeys.detail(machineId) });
      await qc.invalidateQueries({ queryKey: machineKeys.lists });
    },
  });
  if (!bmc.notContacted) return null;
  return (
    <section role="alert" aria-label="BMC address outside the BMC networks" data-testid="bmc-outside-networks" className="rounded-lg border border-amber-300 bg-amber-50 p-4 text-sm text-amber-900">
      <p className="font-medium">BMC address outside the partition&apos;s BMC networks</p>
      <p className="mt-1">
        {bmc.connection ? <>The machine reported <span className="font-mono">{bmc.connection.address}</span>. </> : null}
        It is not contacted (no readings, no power or boot commands) until an operator approves this address or corrects it.
      </p>
      {canApprove && (
        <button type="button" className={`${primaryButton} mt-3`} disabled={approve.isPending} onClick={() => approve.mutate()}>
          {approve.isPending ? "Approving…" : "Approve this address"}
        </button>
      )}
      {approve.isError && <p className="mt-2 text-red-800">{approve.error.message}</p>}
    </section>
  );
}
