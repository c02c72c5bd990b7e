import type { Metadata } from "next";
import { MachineDetail } from "@/components/machines/machine-detail";
import { getWritableProjects } from "@/components/machines/writable-projects";
import { requirePrincipal } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Machine" };

export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  const principal = await requirePrincipal();
  const { id } = await params;
  return <MachineDetail id={id} writable={await getWritableProjects(principal)} />;
}
