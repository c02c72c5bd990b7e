import type { Metadata } from "next";
import { getCurrentProject } from "@/components/networks/current-project";
import { AllocatePage } from "@/components/machines/allocate-page";
import { EmptyState } from "@/components/ui/states";
import { requirePrincipal } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Allocate a machine" };

export default async function Page() {
  const project = await getCurrentProject(await requirePrincipal());
  if (!project) return <EmptyState title="No project yet" body="Machines belong to a project. Create a project first, or ask a tenant owner for access to one." />;
  if (!project.canWrite) return <EmptyState title="Viewers cannot allocate machines" body={`Allocating in ${project.label} needs the editor or owner role.`} />;
  return <AllocatePage key={project.id} project={project} />;
}
