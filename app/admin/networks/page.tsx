import type { Metadata } from "next";
import { AdminNetworksPage } from "@/components/networks/admin-networks-page";
import { isAdmin } from "@/lib/auth/permissions";
import { requirePrincipal } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Networks" };

export default async function Page() {
  const principal = await requirePrincipal();
  return <AdminNetworksPage canEdit={isAdmin(principal.grants, "editor")} />;
}
