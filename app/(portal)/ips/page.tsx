import type { Metadata } from "next";
import { getCurrentProject } from "@/components/networks/current-project";
import { IpsPage } from "@/components/networks/ips-page";
import { EmptyState } from "@/components/ui/states";
import { requirePrincipal } from "@/lib/auth/session";

export const metadata: Metadata = { title: "IP addresses" };

export default async function Page() {
  const project = await getCurrentProject(await requirePrincipal());
  if (!project) return <EmptyState title="No project yet" body="IP addresses belong to a project. Create a project first, or ask a tenant owner for access to one." />;
  return <IpsPage key={project.id} project={project} />;
}
