import type { Metadata } from "next";
import { AdminMachineDetail } from "@/components/machines/admin-machine-detail";
import { can } from "@/lib/auth/permissions";
import { requirePrincipal } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Machine" };

export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  const principal = await requirePrincipal();
  const { id } = await params;
  return <AdminMachineDetail id={id} canEdit={can(principal.grants, "infra.write", { kind: "global" })} />;
}
