"use client";

import type { MachineDto } from "@/lib/contracts/machines";
import { ErrorState, Loading } from "@/components/ui/states";
import { BmcNetworkNotice } from "./bmc-approve";
import { BmcCommandHistory } from "./bmc-command-history";
import { BmcPanel } from "./bmc-panel";
import { BmcSettingsForm } from "./bmc-settings-form";
import { PowerControls } from "./power-controls";
import { isNoBmc, useBmcCommandPages, useMachineBmc } from "./use-bmc";

function NoBmc() {
  return (
    <section aria-label="BMC" data-testid="bmc-panel" className="rounded-lg border border-dashed border-slate-300 bg-white p-4">
      <h2 className="text-lg font-semibold">BMC</h2>
      <p className="mt-1 text-sm text-slate-600" data-testid="no-bmc">This machine has no BMC: it reported none, and no operator has set one. It cannot be powered, rebooted or identified remotely.</p>
    </section>
  );
}

/**
 * Out-of-band control on both machine detail pages: the BMC panel, power/boot/identify
 * controls (for those who may change the machine), the command history and, on the admin
 * page for operator editors, the BMC settings. Everything here sits under the machine's detail
 * query key, so the live stream refreshes it; `refetchInterval` is the page's fallback.
 */
export function MachineBmcSection({ machine, area, canWrite, refetchInterval = 60_000 }: {
  machine: MachineDto;
  area: "portal" | "admin";
  canWrite: boolean;
  refetchInterval?: number;
}) {
  const bmc = useMachineBmc(machine.id, refetchInterval);
  const commands = useBmcCommandPages(machine.id, refetchInterval);
  const noBmc = bmc.isError && isNoBmc(bmc.error);
  const settings = area === "admin" && canWrite && (bmc.isSuccess || noBmc);

  return (
    <>
      {bmc.isPending ? <Loading label="Loading the BMC…" />
        : noBmc ? <NoBmc />
        : bmc.isError ? <ErrorState error={bmc.error} retry={() => bmc.refetch()} />
        : <><BmcNetworkNotice machineId={machine.id} bmc={bmc.data} canApprove={area === "admin" && canWrite} /><BmcPanel bmc={bmc.data} /></>}
      {canWrite && bmc.isSuccess && <PowerControls machine={machine} powerState={bmc.data.powerState} commands={commands.commands} />}
      {!noBmc && <BmcCommandHistory pages={commands} />}
      {settings && <BmcSettingsForm machineId={machine.id} bmc={bmc.data ?? null} />}
    </>
  );
}
