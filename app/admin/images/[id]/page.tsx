import type { Metadata } from "next";
import { ImageDetail } from "@/components/catalog/image-detail";
import { can } from "@/lib/auth/permissions";
import { requirePrincipal } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Image" };

export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  const principal = await requirePrincipal();
  const { id } = await params;
  return <ImageDetail id={id} canEdit={can(principal.grants, "catalog.write", { kind: "global" })} />;
}
