import type { Metadata } from "next";
import { MachineDetail } from "@/components/machines/machine-detail";
import { getWritableProjects } from "@/components/machines/writable-projects";
import { requirePrincipal } from "@/lib/auth/session";
import { getMachine } from "@/lib/services/machines/machines";

/** The tab reads "web-1 · Machines": the hostname when the user may read the machine, else its id. */
export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  const { id } = await params;
  const principal = await requirePrincipal();
  const m = await getMachine({ principal }, id).catch(() => null);
  return { title: `${m?.allocation?.hostname || id} · Machines` };
}

export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  const principal = await requirePrincipal();
  const { id } = await params;
  return <MachineDetail id={id} writable={await getWritableProjects(principal)} />;
}
