import type { Metadata } from "next";
import { SizesAdminPage } from "@/components/catalog/sizes-admin-page";
import { can } from "@/lib/auth/permissions";
import { requirePrincipal } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Sizes" };

export default async function Page() {
  const principal = await requirePrincipal();
  return <SizesAdminPage canEdit={can(principal.grants, "catalog.write", { kind: "global" })} />;
}
