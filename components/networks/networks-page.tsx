"use client";

import { useState } from "react";
import { EmptyState, ErrorState, Loading, PageHeader } from "@/components/ui/states";
import { CreateNetworkForm } from "./create-network-form";
import type { CurrentProject } from "./current-project";
import { NetworkTable } from "./network-table";
import { usePartitions, useProjectNetworks } from "./use-networks";

/** Tenant portal: the current project's networks and the shared/external ones it may use. */
export function NetworksPage({ project }: { project: CurrentProject }) {
  const [showForm, setShowForm] = useState(false);
  const networks = useProjectNetworks(project.id);
  const partitions = usePartitions();
  const partitionList = partitions.data?.items ?? [];

  return (
    <>
      <PageHeader
        title="Networks"
        description={`Private networks of ${project.label}, and the shared and external networks it can use.`}
        actions={project.canWrite && !showForm ? (
          <button onClick={() => setShowForm(true)} className="rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700">New private network</button>
        ) : null}
      />
      {showForm && (
        partitions.isPending ? <Loading label="Loading partitions…" />
          : partitions.isError ? <ErrorState error={partitions.error} retry={() => partitions.refetch()} />
          : partitionList.length === 0 ? (
            <div className="mb-6">
              <EmptyState
                title="No partition yet"
                body="Private networks live in a partition, and an operator has not created one yet. Ask an operator to set up a partition with a super network."
                action={<button onClick={() => setShowForm(false)} className="rounded-md border border-slate-300 px-4 py-2 text-sm">Close</button>}
              />
            </div>
          ) : <CreateNetworkForm projectId={project.id} partitions={partitionList} onDone={() => setShowForm(false)} />
      )}
      {networks.isPending ? <Loading />
        : networks.error ? <ErrorState error={networks.error} retry={networks.refetch} />
        : (
          <>
            <section aria-labelledby="own-networks" className="mb-8">
              <h2 id="own-networks" className="mb-2 text-lg font-semibold">Networks of this project</h2>
              {networks.own.length === 0 ? (
                <EmptyState
                  title="No private network yet"
                  body={project.canWrite ? "Create one: it gets its own VRF and a prefix from the partition's super network." : "Editors and owners of this project can create one."}
                />
              ) : <NetworkTable caption="Networks of this project" networks={networks.own} canDelete={() => project.canWrite} />}
            </section>
            <section aria-labelledby="other-networks">
              <h2 id="other-networks" className="mb-2 text-lg font-semibold">Shared and external networks</h2>
              {networks.others.length === 0
                ? <EmptyState title="No shared or external network available" body="Operators add external networks (towards the internet); other projects can share private networks." />
                : <NetworkTable caption="Shared and external networks" networks={networks.others} canDelete={() => false} />}
            </section>
          </>
        )}
    </>
  );
}
