"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { type NetworkDto, networkKinds } from "@/lib/contracts/networks";
import type { ProjectDto } from "@/lib/contracts/projects";
import type { Page } from "@/lib/http/pagination";
import { apiFetch } from "@/lib/api-client";
import { projectKeys } from "@/components/projects/keys";
import { ErrorState, Loading, PageHeader } from "@/components/ui/states";
import { PagedList } from "@/components/ui/paged-list";
import { useListParams } from "@/components/ui/pager";
import { listUrl, networkKeys } from "./keys";
import { AdminNetworkForm } from "./admin-network-form";
import { NetworkTable } from "./network-table";
import { usePartitions } from "./use-networks";
import { SearchBox } from "@/components/ui/search-box";
import { primaryButton } from "@/components/ui/buttons";

const select = "rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm";

/** Admin console: every network with its usage per prefix; operator editors create and delete. */
export function AdminNetworksPage({ canEdit }: { canEdit: boolean }) {
  const [kind, setKind] = useState("");
  const [partitionId, setPartitionId] = useState("");
  const [q, setQ] = useState("");
  const [showForm, setShowForm] = useState(false);
  // Numbered pages, page size and sort in the URL; the filters are typed live, so a change only goes back to page 1.
  const list = useListParams();
  const router = useRouter();
  const filters = { kind, partitionId, q, ...list.sort, page: String(list.page), limit: String(list.size) };
  const networks = useQuery({
    queryKey: networkKeys.list(filters),
    queryFn: () => apiFetch<Page<NetworkDto>>(listUrl("/api/v1/networks", filters)),
    placeholderData: keepPreviousData,
  });
  const narrow = <T,>(set: (v: T) => void) => (v: T) => {
    set(v);
    if (list.page > 1) router.replace(list.href({ page: undefined }));
  };
  const partitions = usePartitions();
  const projects = useQuery({ queryKey: projectKeys.list(), queryFn: () => apiFetch<Page<ProjectDto>>("/api/v1/projects?limit=200") });
  const projectNames = new Map((projects.data?.items ?? []).map((p) => [p.id, `${p.tenantName} / ${p.name}`]));
  const partitionList = partitions.data?.items ?? [];
  const filtered = !!(kind || partitionId || q);

  return (
    <>
      <PageHeader
        title="Networks"
        description="Every network: the partitions' super networks, underlays, external networks and the tenants' private networks."
        actions={canEdit && !showForm ? (
          <button onClick={() => setShowForm(true)} className={primaryButton}>New network</button>
        ) : null}
      />
      {showForm && (
        partitions.isPending || projects.isPending ? <Loading label="Loading partitions and projects…" />
          : partitions.isError ? <ErrorState error={partitions.error} retry={() => partitions.refetch()} />
          : <AdminNetworkForm partitions={partitionList} projects={projects.data?.items ?? []} onDone={() => setShowForm(false)} />
      )}
      <div className="mb-3 flex flex-wrap gap-3">
        <select aria-label="Filter by kind" value={kind} onChange={(e) => narrow(setKind)(e.target.value)} className={select}>
          <option value="">All kinds</option>
          {networkKinds.map((k) => <option key={k} value={k}>{k}</option>)}
        </select>
        <select aria-label="Filter by partition" value={partitionId} onChange={(e) => narrow(setPartitionId)(e.target.value)} className={select}>
          <option value="">All partitions</option>
          {partitionList.map((p) => <option key={p.id} value={p.id}>{p.name || p.id}</option>)}
        </select>
        <SearchBox label="Search networks" placeholder="Search by name or ID" value={q} onChange={narrow(setQ)} className="" />
      </div>
      <PagedList query={networks} items={networks.data?.items ?? []} total={networks.data?.total ?? 0} list={list} noun={["network", "networks"]} empty={{
        title: filtered ? "No network matches these filters" : "No networks yet",
        body: filtered ? undefined : partitionList.length === 0 ? "Create a partition first, then its super network." : "Start with the super network of a partition: tenants' private networks take their prefixes from it.",
      }}>
        {(items) => <NetworkTable caption="All networks" networks={items} canDelete={() => canEdit} admin projectNames={projectNames} sort={list.sort} onSort={list.setSort} />}
      </PagedList>
    </>
  );
}
