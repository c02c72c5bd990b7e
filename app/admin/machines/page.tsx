import type { Metadata } from "next";
import { AdminMachinesPage } from "@/components/machines/admin-machines-page";
import { initialMachinePage } from "@/components/machines/initial-page";
import { filtersFrom } from "@/components/machines/search-params";
import { requirePrincipal } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Machines" };

export default async function Page({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const principal = await requirePrincipal();
  const params = await searchParams;
  const filters = filtersFrom(params, ["partitionId", "sizeId", "state", "liveliness", "condition", "allocated", "issue", "q", "sort", "order"]);
  return <AdminMachinesPage filters={filters} initial={await initialMachinePage(principal, filters, params)} />;
}
