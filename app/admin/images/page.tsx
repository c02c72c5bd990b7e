import type { Metadata } from "next";
import { ImagesAdminPage } from "@/components/catalog/images-admin-page";
import { can } from "@/lib/auth/permissions";
import { requirePrincipal } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Images" };

export default async function Page() {
  const principal = await requirePrincipal();
  return <ImagesAdminPage canEdit={can(principal.grants, "catalog.write", { kind: "global" })} />;
}
