"use client";

import Link from "next/link";
import type { MachineDto } from "@/lib/contracts/machines";
import { ApiError } from "@/lib/api-client";
import { useNetworkList } from "@/components/networks/use-networks";
import { EmptyState, ErrorState, Loading, PageHeader } from "@/components/ui/states";
import { machineLabel } from "./format";
import { LiveIndicator } from "./live-indicator";
import { MachineActions, useFreeMachine } from "./machine-actions";
import { MachineBmcSection } from "./machine-bmc-slot";
import { AllocationCard, HardwareSummaryCard, StatusCard } from "./machine-cards";
import { MachineTimeline } from "./machine-timeline";
import { type MachineEvent, useMachine, useMachineEvents } from "./use-machines";
import { useMachineStream } from "./use-machine-stream";
import { canWriteProject, type WritableProjects } from "./writable";
import { MachineUplinks } from "./machine-uplinks";

const back = <p className="mt-6 text-sm"><Link href="/machines" className="text-brand-700 hover:underline">← Machines</Link></p>;

/**
 * Tenant portal: one machine, its allocation and its live provisioning timeline. Once freed it
 * no longer belongs to the project (the API answers 404 from then on), so the page stops
 * asking and shows the server's answer to the free: the machine in Machine Reclaim.
 */
export function MachineDetail({ id, writable }: { id: string; writable: WritableProjects }) {
  const stream = useMachineStream();
  const free = useFreeMachine(id);
  const freed = free.mutation.data;
  const machine = useMachine(id, stream.refetchInterval, !freed);
  const events = useMachineEvents(id, stream.refetchInterval, !freed);
  const networks = useNetworkList({});
  const networkName = (nid: string) => networks.data?.items.find((n) => n.id === nid)?.name ?? nid;

  if (freed) return <FreedMachine machine={freed} previous={events.data?.items ?? []} />;
  if (machine.isPending) return <><PageHeader title="Machine" /><Loading /></>;
  if (machine.isError) {
    if (machine.error instanceof ApiError && machine.error.status === 404) {
      return (
        <>
          <PageHeader title="Machine not found" />
          <EmptyState title={`No machine ${id} in your projects`} body="It may have been freed, or it belongs to a project you cannot see." />
          {back}
        </>
      );
    }
    return <><PageHeader title="Machine" /><ErrorState error={machine.error} retry={() => machine.refetch()} />{back}</>;
  }
  const m = machine.data;
  const canWrite = canWriteProject(writable, m.allocation?.projectId);
  return (
    <>
      <PageHeader title={machineLabel(m)} description={m.allocation?.name || m.id} actions={<LiveIndicator status={stream.status} />} />
      {canWrite && m.allocation && <MachineActions machine={m} free={free} />}
      {!canWrite && m.condition === "LOCKED" && <p role="note" className="mb-4 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900">An operator has locked this machine{m.conditionReason ? `: ${m.conditionReason}` : ""}.</p>}
      <div className="grid gap-4 lg:grid-cols-[minmax(0,1fr)_minmax(0,1fr)]">
        <div className="grid content-start gap-4">
          <StatusCard machine={m} />
          {m.allocation && <AllocationCard allocation={m.allocation} networkName={networkName} />}
          <MachineUplinks machineId={m.id} refetchInterval={stream.refetchInterval} />
          <HardwareSummaryCard machine={m} />
          <MachineBmcSection machine={m} area="portal" canWrite={canWrite} refetchInterval={stream.refetchInterval} />
        </div>
        {/* On a phone the timeline comes first: right after allocating, progress is what matters. */}
        <div className="order-first min-w-0 lg:order-none">
          {events.isPending ? <Loading label="Loading the timeline…" />
            : events.isError ? <ErrorState error={events.error} retry={() => events.refetch()} />
            : <MachineTimeline events={events.data.items} />}
        </div>
      </div>
      {back}
    </>
  );
}

/** After a free: the reclaim the server recorded, on top of the history seen until then. */
function FreedMachine({ machine, previous }: { machine: MachineDto; previous: MachineEvent[] }) {
  const reclaim: MachineEvent = { time: machine.lastEventTime ?? new Date().toISOString(), event: machine.state, message: "freed by you: the disks are wiped and the machine returns to the pool", unexpected: false };
  return (
    <>
      <PageHeader title={`Machine ${machine.id}`} description="Freed" />
      <p role="status" className="mb-4 rounded-md border border-green-200 bg-green-50 p-3 text-sm text-green-900">
        The machine was freed. It no longer belongs to this project; its ephemeral IPs were released.
      </p>
      <MachineTimeline events={[reclaim, ...previous]} />
      {back}
    </>
  );
}
