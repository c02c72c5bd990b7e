import type { Metadata } from "next";
import { AdminMachineDetail } from "@/components/machines/admin-machine-detail";
import { can } from "@/lib/auth/permissions";
import { requirePrincipal } from "@/lib/auth/session";
import { getMachine } from "@/lib/services/machines/machines";

/** The tab names the machine: hostname (when allocated) and id. */
export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  const { id } = await params;
  const principal = await requirePrincipal();
  const m = await getMachine({ principal }, id).catch(() => null);
  return { title: `${m?.allocation?.hostname ? `${m.allocation.hostname} (${id})` : id} · Machines` };
}

export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  const principal = await requirePrincipal();
  const { id } = await params;
  return <AdminMachineDetail id={id} canEdit={can(principal.grants, "infra.write", { kind: "global" })} />;
}
