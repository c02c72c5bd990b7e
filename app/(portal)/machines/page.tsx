import type { Metadata } from "next";
import { getCurrentProject } from "@/components/networks/current-project";
import { MachinesPage } from "@/components/machines/machines-page";
import { filtersFrom } from "@/components/machines/search-params";
import { EmptyState } from "@/components/ui/states";
import { requirePrincipal } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Machines" };

export default async function Page({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const project = await getCurrentProject(await requirePrincipal());
  if (!project) return <EmptyState title="No project yet" body="Machines belong to a project. Create a project first, or ask a tenant owner for access to one." />;
  const filters = filtersFrom(await searchParams, ["state", "sizeId", "partitionId", "sort", "order"]);
  return <MachinesPage key={project.id} project={project} filters={filters} />;
}
