"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { networkKinds } from "@/lib/contracts/networks";
import type { ProjectDto } from "@/lib/contracts/projects";
import type { Page } from "@/lib/http/pagination";
import { apiFetch } from "@/lib/api-client";
import { projectKeys } from "@/components/projects/keys";
import { ErrorState, Loading, PageHeader, QueryList } from "@/components/ui/states";
import { AdminNetworkForm } from "./admin-network-form";
import { NetworkTable } from "./network-table";
import { useNetworkList, usePartitions } from "./use-networks";
import { SearchBox } from "@/components/ui/search-box";
import { primaryButton } from "@/components/ui/buttons";

const select = "rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm";

/** Admin console: every network with its usage per prefix; operator editors create and delete. */
export function AdminNetworksPage({ canEdit }: { canEdit: boolean }) {
  const [kind, setKind] = useState("");
  const [partitionId, setPartitionId] = useState("");
  const [q, setQ] = useState("");
  const [showForm, setShowForm] = useState(false);
  const networks = useNetworkList({ kind, partitionId, q });
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
        <select aria-label="Filter by kind" value={kind} onChange={(e) => setKind(e.target.value)} className={select}>
          <option value="">All kinds</option>
          {networkKinds.map((k) => <option key={k} value={k}>{k}</option>)}
        </select>
        <select aria-label="Filter by partition" value={partitionId} onChange={(e) => setPartitionId(e.target.value)} className={select}>
          <option value="">All partitions</option>
          {partitionList.map((p) => <option key={p.id} value={p.id}>{p.name || p.id}</option>)}
        </select>
        <SearchBox label="Search networks" placeholder="Search by name or ID" value={q} onChange={setQ} className="" />
      </div>
      <QueryList query={networks} items={networks.data?.items} empty={{
        title: filtered ? "No network matches these filters" : "No networks yet",
        body: filtered ? undefined : partitionList.length === 0 ? "Create a partition first, then its super network." : "Start with the super network of a partition: tenants' private networks take their prefixes from it.",
      }}>
        {(items) => <NetworkTable caption="All networks" networks={items} canDelete={() => canEdit} admin projectNames={projectNames} />}
      </QueryList>
    </>
  );
}
