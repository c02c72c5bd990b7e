import type { Metadata } from "next";
import Link from "next/link";
import { getCurrentProject } from "@/components/networks/current-project";
import { TenantHome } from "@/components/overview/tenant-home";
import { EmptyState } from "@/components/ui/states";
import { requirePrincipal } from "@/lib/auth/session";
import { projectOverview } from "@/lib/services/overview";

export const metadata: Metadata = { title: "Overview" };

/** The portal's home: the current project (header switcher) at a glance. */
export default async function Home() {
  const principal = await requirePrincipal();
  const project = await getCurrentProject(principal);
  if (!project) {
    return <EmptyState title="No project yet" body="Everything lives in a project. Create one, or ask a tenant owner for access to one." action={<Link href="/projects" className="text-brand-700 underline">Projects</Link>} />;
  }
  return <TenantHome data={await projectOverview({ principal }, project.id)} label={project.label} canWrite={project.canWrite} />;
}
