import type { Metadata } from "next";
import { getCurrentProject } from "@/components/networks/current-project";
import { NetworksPage } from "@/components/networks/networks-page";
import { EmptyState } from "@/components/ui/states";
import { requirePrincipal } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Networks" };

export default async function Page() {
  const project = await getCurrentProject(await requirePrincipal());
  if (!project) return <EmptyState title="No project yet" body="Networks belong to a project. Create a project first, or ask a tenant owner for access to one." />;
  return <NetworksPage key={project.id} project={project} />;
}
