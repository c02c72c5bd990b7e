"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import type { SortState } from "@/components/ui/data-table";
import type { CurrentProject } from "@/components/networks/current-project";
import { PageHeader } from "@/components/ui/states";
import { primaryButton } from "@/components/catalog/ui";
import type { MachineFilters } from "./keys";
import { LiveIndicator } from "./live-indicator";
import { filterHref, MachineFilterBar } from "./machine-filters";
import { MachineTable } from "./machine-table";
import { PagedMachineList } from "./paged-list";
import { useMachinePages } from "./use-machines";
import { useMachineStream } from "./use-machine-stream";

/** Tenant portal: the current project's machines, filtered by the URL, updating live. */
export function MachinesPage({ project, filters }: { project: CurrentProject; filters: Omit<MachineFilters, "projectId"> }) {
  const stream = useMachineStream();
  const pages = useMachinePages({ ...filters, projectId: project.id }, stream.refetchInterval);
  const { sort, order, ...narrowing } = filters;
  const filtered = Object.values(narrowing).some(Boolean);
  const router = useRouter();
  return (
    <>
      <PageHeader
        title="Machines"
        description={`Bare-metal machines of ${project.label}.`}
        actions={(
          <div className="flex items-center gap-4">
            <LiveIndicator status={stream.status} />
            {project.canWrite && <Link href="/machines/new" className={primaryButton}>Allocate machine</Link>}
          </div>
        )}
      />
      <MachineFilterBar basePath="/machines" filters={filters} fields={["state", "sizeId", "partitionId"]} />
      <PagedMachineList
        pages={pages}
        empty={filtered
          ? { title: "No machine matches these filters" }
          : { title: "No machines yet", body: project.canWrite ? "Allocate one: a waiting machine is installed with your image in seconds." : "Editors and owners of this project can allocate machines." }}
      >
        {(machines) => <MachineTable machines={machines} sort={{ sort, order: order as SortState["order"] }} onSort={(s) => router.push(filterHref("/machines", { ...filters, ...s }))} />}
      </PagedMachineList>
    </>
  );
}
