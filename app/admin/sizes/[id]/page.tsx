import type { Metadata } from "next";
import { SizeDetail } from "@/components/catalog/size-detail";
import { can } from "@/lib/auth/permissions";
import { requirePrincipal } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Size" };

export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  const principal = await requirePrincipal();
  const { id } = await params;
  return <SizeDetail id={id} canEdit={can(principal.grants, "catalog.write", { kind: "global" })} />;
}
