"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import type { SortState } from "@/components/ui/data-table";
import { PageHeader } from "@/components/ui/states";
import { secondaryButton } from "@/components/catalog/ui";
import { AdminMachineTable } from "./admin-machine-table";
import type { MachineFilters } from "./keys";
import { LiveIndicator } from "./live-indicator";
import { filterHref, MachineFilterBar } from "./machine-filters";
import { PagedMachineList } from "./paged-list";
import { useMachinePages } from "./use-machines";
import { useMachineStream } from "./use-machine-stream";
import { useProjectNames } from "./use-project-names";

/** Admin console: every machine, free ones included, filtered by the URL, updating live. */
export function AdminMachinesPage({ filters }: { filters: MachineFilters }) {
  const stream = useMachineStream();
  const pages = useMachinePages(filters, stream.refetchInterval);
  const projectName = useProjectNames();
  const { sort, order, ...narrowing } = filters;
  const filtered = Object.values(narrowing).some(Boolean);
  const router = useRouter();
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
        empty={filtered ? { title: "No machine matches these filters" } : { title: "No machines yet", body: "Machines appear here when they PXE-boot and register with a partition's boot credential." }}
      >
        {(machines) => <AdminMachineTable machines={machines} projectName={projectName} sort={{ sort, order: order as SortState["order"] }} onSort={(s) => router.push(filterHref("/admin/machines", { ...filters, ...s }))} />}
      </PagedMachineList>
    </>
  );
}
