"use client";

import Link from "next/link";
import { ApiError } from "@/lib/api-client";
import { Alert, dangerButton } from "@/components/catalog/ui";
import { useNetworkList } from "@/components/networks/use-networks";
import { EmptyState, ErrorState, Loading, PageHeader } from "@/components/ui/states";
import { ConditionForm } from "./condition-form";
import { InventoryCards } from "./inventory-cards";
import { MachineHeader } from "./machine-header";
import { Tabs } from "@/components/ui/tabs";
import { MachineBmcSection } from "./machine-bmc-slot";
import { AllocationCard, HardwareSummaryCard, NetworksCard, StatusCard } from "./machine-cards";
import { MachineEventsSlot } from "./machine-timeline";
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
  const timeline = (limit?: number) => <MachineEventsSlot events={events} limit={limit} recentTitle="Recent events" loadingLabel="Loading the event log…" />;
  return (
    <>
      <MachineHeader
        machine={m}
        area="admin"
        stream={stream.status}
        canPower={canEdit}
        words="technical"
        crumbs={[{ href: "/admin", label: "Admin" }, { href: "/admin/machines", label: "Machines" }, { label: m.allocation?.hostname || m.id }]}
        actions={canEdit && (
          <>
            <ReenrollButton machineId={m.id} />
            <button onClick={remove.confirmDelete} disabled={!!blocker || remove.mutation.isPending} className={dangerButton}>Delete machine…</button>
          </>
        )}
      />
      <p className="-mt-4 mb-4 text-sm text-slate-600">
        {m.partitionId}{m.rack ? ` · rack ${m.rack}` : ""}{m.allocation ? ` · ${m.allocation.hostname} in ${projectName(m.allocation.projectId)}` : " · free"}
      </p>
      {canEdit && blocker && <p className="mb-4 text-sm text-slate-600" data-testid="delete-blocker">Delete: {blocker}</p>}
      {remove.mutation.isError && <Alert>{remove.mutation.error.message}</Alert>}
      <Tabs
        label="Machine sections"
        tabs={[
          {
            id: "overview", label: "Overview", content: (
              <div className="grid gap-4 lg:grid-cols-2">
                <div className="grid content-start gap-4">
                  <StatusCard machine={m} />
                  {canEdit && <ConditionForm key={`${m.condition}/${m.conditionReason}`} machine={m} />}
                  {m.allocation && <AllocationCard allocation={m.allocation} projectLabel={projectName(m.allocation.projectId)} networkName={(nid) => networks.data?.items.find((n) => n.id === nid)?.name ?? nid} />}
                  <MachineUplinks machineId={m.id} refetchInterval={stream.refetchInterval} />
                </div>
                <div className="min-w-0">{timeline(6)}</div>
              </div>
            ),
          },
          ...(m.allocation ? [{ id: "network", label: "Network", content: <div className="max-w-3xl"><NetworksCard allocation={m.allocation} networkName={(nid: string) => networks.data?.items.find((n) => n.id === nid)?.name ?? nid} /></div> }] : []),
          {
            id: "hardware", label: "Hardware", content: (
              <div className="grid gap-4"><HardwareSummaryCard machine={m} /><InventoryCards inventory={m.inventory} /></div>
            ),
          },
          {
            id: "bmc", label: "BMC", content: (
              <div className="grid max-w-3xl gap-4"><MachineBmcSection machine={m} area="admin" canWrite={canEdit} refetchInterval={stream.refetchInterval} /></div>
            ),
          },
          { id: "events", label: "Events", content: <div className="max-w-3xl">{timeline()}</div> },
        ]}
      />
    </>
  );
}
