"use client";

import Link from "next/link";
import { useListParams } from "@/components/ui/pager";
import type { CurrentProject } from "@/components/networks/current-project";
import { PageHeader } from "@/components/ui/states";
import type { MachineDto } from "@/lib/contracts/machines";
import type { Page } from "@/lib/http/pagination";
import { primaryButton } from "@/components/catalog/ui";
import type { MachineFilters } from "./keys";
import { LiveIndicator } from "./live-indicator";
import { MachineFilterBar } from "./machine-filters";
import { MachineTable } from "./machine-table";
import { PagedMachineList } from "./paged-list";
import { useMachinePage } from "./use-machines";
import { useMachineStream } from "./use-machine-stream";

/** Tenant portal: the current project's machines, filtered by the URL, updating live. */
export function MachinesPage({ project, filters, initial }: { project: CurrentProject; filters: Omit<MachineFilters, "projectId">; initial?: Page<MachineDto> }) {
  const stream = useMachineStream();
  const list = useListParams();
  const pages = useMachinePage({ ...filters, projectId: project.id }, list, stream.refetchInterval, initial);
  const filtered = Object.entries(filters).some(([k, v]) => v && k !== "sort" && k !== "order");
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
        list={list}
        empty={filtered
          ? { title: "No machine matches these filters" }
          : { title: "No machines yet", body: project.canWrite ? "Allocate one: a waiting machine is installed with your image in seconds." : "Editors and owners of this project can allocate machines." }}
      >
        {(machines) => <MachineTable machines={machines} sort={list.sort} onSort={list.setSort} />}
      </PagedMachineList>
    </>
  );
}
