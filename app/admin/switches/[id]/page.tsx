import type { Metadata } from "next";
import { SwitchDetail } from "@/components/admin/switch-detail";
import { can } from "@/lib/auth/permissions";
import { requirePrincipal } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Switch" };

export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  const principal = await requirePrincipal();
  const { id } = await params;
  return <SwitchDetail id={id} canEdit={can(principal.grants, "infra.write", { kind: "global" })} />;
}
