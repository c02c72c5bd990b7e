import type { Metadata } from "next";
import { getCurrentProject } from "@/components/networks/current-project";
import { MachinesPage } from "@/components/machines/machines-page";
import { initialMachinePage } from "@/components/machines/initial-page";
import { filtersFrom } from "@/components/machines/search-params";
import { EmptyState } from "@/components/ui/states";
import { requirePrincipal } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Machines" };

export default async function Page({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const principal = await requirePrincipal();
  const project = await getCurrentProject(principal);
  if (!project) return <EmptyState title="No project yet" body="Machines belong to a project. Create a project first, or ask a tenant owner for access to one." />;
  const params = await searchParams;
  const filters = filtersFrom(params, ["state", "sizeId", "partitionId", "sort", "order"]);
  const initial = await initialMachinePage(principal, { ...filters, projectId: project.id }, params);
  return <MachinesPage key={project.id} project={project} filters={filters} initial={initial} />;
}
