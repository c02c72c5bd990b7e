"use client";

import Link from "next/link";
import { ApiError } from "@/lib/api-client";
import { Alert, dangerButton } from "@/components/catalog/ui";
import { useNetworkList } from "@/components/networks/use-networks";
import { EmptyState, ErrorState, Loading, PageHeader } from "@/components/ui/states";
import { ConditionForm } from "./condition-form";
import { InventoryCards } from "./inventory-cards";
import { LiveIndicator } from "./live-indicator";
import { MachineBmcSection } from "./machine-bmc-slot";
import { AllocationCard, HardwareSummaryCard, StatusCard } from "./machine-cards";
import { MachineTimeline } from "./machine-timeline";
import { ReenrollButton } from "./reenroll-button";
import { deleteBlocker, useDeleteMachine } from "./use-delete-machine";
import { useAdminMachine, useMachineEvents } from "./use-machines";
import { useMachineStream } from "./use-machine-stream";
import { useProjectNames } from "./use-project-names";
import { MachineUplinks } from "./machine-uplinks";

const back = <p className="mt-6 text-sm"><Link href="/admin/machines" className="text-brand-700 hover:underline">← All machines</Link></p>;

/** Admin console: one machine's inventory, condition, full event log and (operator editors) delete. */
export function AdminMachineDetail({ id, canEdit }: { id: string; canEdit: boolean }) {
  const stream = useMachineStream();
  const machine = useAdminMachine(id, stream.refetchInterval);
  const events = useMachineEvents(id, stream.refetchInterval);
  const projectName = useProjectNames();
  const networks = useNetworkList({});
  const remove = useDeleteMachine(id);

  if (machine.isPending) return <><PageHeader title="Machine" /><Loading /></>;
  if (machine.isError) {
    const gone = machine.error instanceof ApiError && machine.error.status === 404;
    return <><PageHeader title="Machine" />{gone ? <EmptyState title={`No machine ${id}`} body="It was deleted, or never registered." /> : <ErrorState error={machine.error} retry={() => machine.refetch()} />}{back}</>;
  }
  const m = machine.data;
  const blocker = deleteBlocker(m);
  return (
    <>
      <PageHeader
        title={`Machine ${m.id}`}
        description={`${m.partitionId}${m.rack ? ` · rack ${m.rack}` : ""}${m.allocation ? ` · ${m.allocation.hostname} in ${projectName(m.allocation.projectId)}` : " · free"}`}
        actions={(
          <div className="flex flex-wrap items-center gap-3">
            <LiveIndicator status={stream.status} />
            {canEdit && <ReenrollButton machineId={m.id} />}
            {canEdit && <button onClick={remove.confirmDelete} disabled={!!blocker || remove.mutation.isPending} title={blocker ?? undefined} className={dangerButton}>Delete machine</button>}
          </div>
        )}
      />
      {canEdit && blocker && <p className="-mt-3 mb-4 text-right text-xs text-slate-500" data-testid="delete-blocker">Delete: {blocker}</p>}
      {remove.mutation.isError && <Alert>{remove.mutation.error.message}</Alert>}
      <div className="grid gap-4 lg:grid-cols-[minmax(0,1fr)_minmax(0,1fr)]">
        <div className="grid content-start gap-4">
          <StatusCard machine={m} />
          {canEdit && <ConditionForm key={`${m.condition}/${m.conditionReason}`} machine={m} />}
          {m.allocation && <AllocationCard allocation={m.allocation} projectLabel={projectName(m.allocation.projectId)} networkName={(nid) => networks.data?.items.find((n) => n.id === nid)?.name ?? nid} />}
          <MachineUplinks machineId={m.id} refetchInterval={stream.refetchInterval} />
          <HardwareSummaryCard machine={m} />
          <MachineBmcSection machine={m} area="admin" canWrite={canEdit} refetchInterval={stream.refetchInterval} />
          <InventoryCards inventory={m.inventory} />
        </div>
        <div className="min-w-0">
          {events.isPending ? <Loading label="Loading the event log…" />
            : events.isError ? <ErrorState error={events.error} retry={() => events.refetch()} />
            : <MachineTimeline events={events.data.items} title="Event log" />}
        </div>
      </div>
      {back}
    </>
  );
}
