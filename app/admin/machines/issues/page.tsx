import type { Metadata } from "next";
import { AdminIssuesPage } from "@/components/machines/admin-issues-page";
import { requirePrincipal } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Machine issues" };

export default async function Page() {
  await requirePrincipal();
  return <AdminIssuesPage />;
}
