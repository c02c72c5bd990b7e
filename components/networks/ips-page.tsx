"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import type { IpDto } from "@/lib/contracts/networks";
import type { Page } from "@/lib/http/pagination";
import { apiFetch } from "@/lib/api-client";
import { EmptyState, ErrorState, Loading, PageHeader } from "@/components/ui/states";
import { AcquireIpForm } from "./acquire-ip-form";
import type { CurrentProject } from "./current-project";
import { PagedList } from "@/components/ui/paged-list";
import { useListParams } from "@/components/ui/pager";
import { IpTable } from "./ip-table";
import { ipKeys, listUrl } from "./keys";
import { useProjectNetworks } from "./use-networks";
import { SearchBox } from "@/components/ui/search-box";
import { primaryButton } from "@/components/ui/buttons";

/** Tenant portal: the current project's IP addresses, acquired from networks it may use. */
export function IpsPage({ project }: { project: CurrentProject }) {
  const [q, setQ] = useState("");
  const list = useListParams();
  const router = useRouter();
  const [showForm, setShowForm] = useState(false);
  const [acquired, setAcquired] = useState<IpDto | null>(null);
  // Page, size and sort in the URL (useListParams); the search box types too fast for history.
  const filters = { projectId: project.id, q, ...list.sort, page: String(list.page), limit: String(list.size) };
  const ips = useQuery({
    queryKey: ipKeys.list(filters),
    queryFn: () => apiFetch<Page<IpDto>>(listUrl("/api/v1/ips", filters)),
    placeholderData: keepPreviousData,
  });
  const search = (next: string) => {
    setQ(next);
    if (list.page > 1) router.replace(list.href({ page: undefined }));
  };
  const networks = useProjectNetworks(project.id);
  const byId = new Map(networks.usable.map((n) => [n.id, n]));

  return (
    <>
      <PageHeader
        title="IP addresses"
        description={`Addresses of ${project.label}. Ephemeral ones go back to the network when their machine is freed; static ones stay.`}
        actions={project.canWrite && !showForm ? (
          <button onClick={() => { setShowForm(true); setAcquired(null); }} className={primaryButton}>Acquire IP</button>
        ) : null}
      />
      {acquired && (
        <p role="status" className="mb-4 rounded-md border border-green-200 bg-green-50 p-2 text-sm text-green-900">
          Acquired <span className="font-mono font-medium" data-testid="acquired-address">{acquired.address}</span>{acquired.name && ` (${acquired.name})`}.
        </p>
      )}
      {showForm && (
        networks.isPending ? <Loading label="Loading networks…" />
          : networks.error ? <ErrorState error={networks.error} retry={networks.refetch} />
          : networks.usable.length === 0 ? (
            <div className="mb-6">
              <EmptyState
                title="No network to take addresses from"
                body="Create a private network first, or ask an operator for an external one."
                action={<Link href="/networks" className="rounded-md border border-slate-300 px-4 py-2 text-sm">Go to networks</Link>}
              />
            </div>
          ) : <AcquireIpForm projectId={project.id} networks={networks.usable} onCancel={() => setShowForm(false)} onAcquired={(ip) => { setAcquired(ip); setShowForm(false); }} />
      )}
      <SearchBox label="Search IP addresses" placeholder="Search by address, name or tag" value={q} onChange={search} />
      <PagedList query={ips} items={ips.data?.items ?? []} total={ips.data?.total ?? 0} list={list} noun={["address", "addresses"]} empty={{
        title: q ? "No IP address matches your search" : "No IP addresses yet",
        body: q ? undefined : project.canWrite ? "Acquire one from a network of this project, or from a shared or external network." : "Editors and owners of this project can acquire addresses.",
      }}>
        {(items) => <IpTable ips={items} networks={byId} canWrite={project.canWrite} sort={list.sort} onSort={list.setSort} />}
      </PagedList>
    </>
  );
}
