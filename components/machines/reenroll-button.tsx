"use client";

import { useMutation } from "@tanstack/react-query";
import type { ReenrollDto } from "@/lib/contracts/machines";
import { apiFetch } from "@/lib/api-client";
import { secondaryButton } from "@/components/catalog/ui";
import { useConfirm } from "@/components/ui/confirm";
import { Time } from "@/components/ui/time";

/**
 * A known machine registers again only with its own machine credential. When it lost it (board
 * swapped, NVRAM cleared), an operator allows one registration with the partition boot
 * credential within 30 minutes (audited; POST /admin/machines/{id}/reenroll).
 */
export function ReenrollButton({ machineId }: { machineId: string }) {
  const confirm = useConfirm();
  const allow = useMutation({
    mutationFn: () => apiFetch<ReenrollDto>(`/api/v1/admin/machines/${encodeURIComponent(machineId)}/reenroll`, { method: "POST", body: { windowMinutes: 30 } }),
  });
  return (
    <div className="flex flex-col items-end gap-1">
      <button
        type="button"
        className={secondaryButton}
        disabled={allow.isPending}
        onClick={async () => { if (await confirm({ title: `Allow machine ${machineId} to re-enroll?`, body: "It may register once more with the partition boot credential within 30 minutes. Only do this if it lost its own credential.", confirmLabel: "Allow re-enroll" })) allow.mutate(); }}
      >
        Allow re-enroll
      </button>
      {allow.isSuccess && <p role="status" data-testid="reenroll-status" className="text-xs text-green-800">Re-enrollment allowed until <Time iso={allow.data.reenrollUntil} show="absolute" />.</p>}
      {allow.isError && <p role="alert" className="text-xs text-red-800">{allow.error.message}</p>}
    </div>
  );
}
