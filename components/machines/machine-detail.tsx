"use client";

import Link from "next/link";
import { useState } from "react";
import type { MachineDto } from "@/lib/contracts/machines";
import { ApiError } from "@/lib/api-client";
import { useNetworkList } from "@/components/networks/use-networks";
import { Alert } from "@/components/catalog/ui";
import { Breadcrumbs } from "@/components/ui/breadcrumbs";
import { EmptyState, ErrorState, Loading, PageHeader, Skeleton } from "@/components/ui/states";
import { Tabs } from "@/components/ui/tabs";
import { machineLabel } from "./format";
import { LockedNotice, ReinstallForm, useFreeMachine } from "./machine-actions";
import { MachineBmcSection } from "./machine-bmc-slot";
import { AllocationCard, HardwareSummaryCard, NetworksCard, StatusCard } from "./machine-cards";
import { MachineHeader } from "./machine-header";
import { MachineEventsSlot, MachineTimeline } from "./machine-timeline";
import { type MachineEvent, useMachine, useMachineEvents } from "./use-machines";
import { useMachineStream } from "./use-machine-stream";
import { canWriteProject, type WritableProjects } from "./writable";
import { MachineUplinks } from "./machine-uplinks";

const crumbs = (label: string) => [{ href: "/machines", label: "Machines" }, { label }];

/**
 * Tenant portal: one machine. A header with state, power, copyable id/IP/ssh command and the
 * actions; tabs for the overview (status, allocation, recent activity), networks, hardware,
 * BMC and the full event log. Once freed the machine no longer belongs to the project (the API
 * answers 404 from then on), so the page stops asking and shows the server's answer.
 */
export function MachineDetail({ id, writable }: { id: string; writable: WritableProjects }) {
  const stream = useMachineStream();
  const free = useFreeMachine(id);
  const freed = free.mutation.data;
  const machine = useMachine(id, stream.refetchInterval, !freed);
  const events = useMachineEvents(id, stream.refetchInterval, !freed);
  const networks = useNetworkList({});
  const [reinstalling, setReinstalling] = useState(false);
  const networkName = (nid: string) => networks.data?.items.find((n) => n.id === nid)?.name ?? nid;

  if (freed) return <FreedMachine machine={freed} previous={events.data?.items ?? []} />;
  if (machine.isPending) return <><Breadcrumbs items={crumbs("…")} /><Skeleton className="mb-6 h-8 w-64" /><Loading lines={6} /></>;
  if (machine.isError) {
    if (machine.error instanceof ApiError && machine.error.status === 404) {
      return (
        <>
          <Breadcrumbs items={crumbs("Not found")} />
          <PageHeader title="Machine not found" />
          <EmptyState title={`No machine ${id} in your projects`} body="It may have been freed, or it belongs to a project you cannot see." action={<Link href="/machines" className="text-brand-700 underline">Back to the machines</Link>} />
        </>
      );
    }
    return <><Breadcrumbs items={crumbs(id)} /><PageHeader title="Machine" /><ErrorState error={machine.error} retry={() => machine.refetch()} /></>;
  }
  const m = machine.data;
  const canWrite = canWriteProject(writable, m.allocation?.projectId);
  const locked = m.condition === "LOCKED";
  const timeline = (limit?: number) => <MachineEventsSlot events={events} limit={limit} recentTitle="Recent activity" loadingLabel="Loading the timeline…" />;
  return (
    <>
      <MachineHeader
        machine={m}
        area="portal"
        stream={stream.status}
        canPower={canWrite}
        words="tenant"
        crumbs={crumbs(machineLabel(m))}
        menu={canWrite && m.allocation ? [
          { label: "Reinstall…", onSelect: () => setReinstalling(true), disabled: locked, hint: locked ? "locked by an operator" : undefined },
          { label: "Free machine…", onSelect: () => free.confirmFree(m), disabled: locked || free.mutation.isPending, danger: true, hint: locked ? "locked by an operator" : "wipes the disks, returns it to the pool" },
        ] : []}
      />
      <LockedNotice machine={m} canWrite={canWrite} />
      {free.mutation.isError && <Alert>{free.mutation.error.message}</Alert>}
      {reinstalling && !locked && <ReinstallForm machine={m} onDone={() => setReinstalling(false)} />}
      <Tabs
        label="Machine sections"
        tabs={[
          {
            id: "overview", label: "Overview", content: (
              <div className="grid gap-4 lg:grid-cols-2">
                <div className="grid content-start gap-4">
                  <StatusCard machine={m} words="tenant" />
                  {m.allocation && <AllocationCard allocation={m.allocation} networkName={networkName} />}
                  <MachineUplinks machineId={m.id} refetchInterval={stream.refetchInterval} />
                </div>
                <div className="min-w-0">{timeline(6)}</div>
              </div>
            ),
          },
          ...(m.allocation ? [{ id: "network", label: "Network", content: <div className="max-w-3xl"><NetworksCard allocation={m.allocation} networkName={networkName} /></div> }] : []),
          { id: "hardware", label: "Hardware", content: <div className="max-w-3xl"><HardwareSummaryCard machine={m} /></div> },
          {
            id: "bmc", label: "BMC", content: (
              <div className="grid max-w-3xl gap-4"><MachineBmcSection machine={m} area="portal" canWrite={canWrite} refetchInterval={stream.refetchInterval} /></div>
            ),
          },
          { id: "events", label: "Events", content: <div className="max-w-3xl">{timeline()}</div> },
        ]}
      />
    </>
  );
}

/** After a free: the reclaim the server recorded, on top of the history seen until then. */
function FreedMachine({ machine, previous }: { machine: MachineDto; previous: MachineEvent[] }) {
  const reclaim: MachineEvent = { time: machine.lastEventTime ?? new Date().toISOString(), event: machine.state, message: "freed by you: the disks are wiped and the machine returns to the pool", unexpected: false };
  return (
    <>
      <Breadcrumbs items={crumbs(machine.id)} />
      <PageHeader title={`Machine ${machine.id}`} description="Freed" />
      <p role="status" className="mb-4 rounded-md border border-green-200 bg-green-50 p-3 text-sm text-green-900">
        The machine was freed. It no longer belongs to this project; its ephemeral IPs were released.
      </p>
      <MachineTimeline events={[reclaim, ...previous]} />
      <p className="mt-6 text-sm"><Link href="/machines" className="text-brand-700 hover:underline">← Machines</Link></p>
    </>
  );
}
