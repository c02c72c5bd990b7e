import type { Metadata } from "next";
import { LayoutDetail } from "@/components/catalog/layout-detail";
import { can } from "@/lib/auth/permissions";
import { requirePrincipal } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Filesystem layout" };

export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  const principal = await requirePrincipal();
  const { id } = await params;
  return <LayoutDetail id={id} canEdit={can(principal.grants, "catalog.write", { kind: "global" })} />;
}
