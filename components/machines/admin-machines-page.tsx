"use client";

import Link from "next/link";
import { useListParams } from "@/components/ui/pager";
import { PageHeader } from "@/components/ui/states";
import type { MachineDto } from "@/lib/contracts/machines";
import type { Page } from "@/lib/http/pagination";
import { secondaryButton } from "@/components/catalog/ui";
import { AdminMachineTable } from "./admin-machine-table";
import type { MachineFilters } from "./keys";
import { LiveIndicator } from "./live-indicator";
import { MachineFilterBar } from "./machine-filters";
import { PagedMachineList } from "./paged-list";
import { useMachinePage } from "./use-machines";
import { useMachineStream } from "./use-machine-stream";
import { useProjectNames } from "./use-project-names";

/** Admin console: every machine, free ones included, filtered by the URL, updating live. */
export function AdminMachinesPage({ filters, initial }: { filters: MachineFilters; initial?: Page<MachineDto> }) {
  const stream = useMachineStream();
  const list = useListParams();
  const pages = useMachinePage(filters, list, stream.refetchInterval, initial);
  const projectName = useProjectNames();
  const filtered = Object.entries(filters).some(([k, v]) => v && k !== "sort" && k !== "order");
  return (
    <>
      <PageHeader
        title="Machines"
        description="Every machine of every partition: waiting, allocated, booting, broken."
        actions={(
          <div className="flex items-center gap-4">
            <LiveIndicator status={stream.status} />
            <Link href="/admin/machines/issues" className={secondaryButton}>Issues</Link>
          </div>
        )}
      />
      <MachineFilterBar basePath="/admin/machines" filters={filters} fields={["partitionId", "sizeId", "state", "liveliness", "condition", "allocated", "issue"]} search />
      <PagedMachineList
        pages={pages}
        list={list}
        empty={filtered ? { title: "No machine matches these filters" } : { title: "No machines yet", body: "Machines appear here when they PXE-boot and register with a partition's boot credential." }}
      >
        {(machines) => <AdminMachineTable machines={machines} projectName={projectName} sort={list.sort} onSort={list.setSort} />}
      </PagedMachineList>
    </>
  );
}
