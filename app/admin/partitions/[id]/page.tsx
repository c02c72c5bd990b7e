import type { Metadata } from "next";
import { PartitionDetail } from "@/components/catalog/partition-detail";
import { can } from "@/lib/auth/permissions";
import { requirePrincipal } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Partition" };

export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  const principal = await requirePrincipal();
  const { id } = await params;
  return <PartitionDetail id={id} canEdit={can(principal.grants, "catalog.write", { kind: "global" })} />;
}
