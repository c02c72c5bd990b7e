import type { Principal } from "@/lib/auth/principal";
import { listMachinesQuery, type MachineDto } from "@/lib/contracts/machines";
import { parsePage, parsePageSize } from "@/lib/domain/paging/pages";
import type { Page } from "@/lib/http/pagination";
import { listMachines } from "@/lib/services/machines/machines";
import type { MachineFilters } from "./keys";

/**
 * The page of machines the URL asks for, read while the server renders the page: the table is in
 * the first HTML instead of waiting for hydration and then an API round trip (issue 15: a list
 * at 10,000 machines shows in < 1 s). The client query starts from it and keeps it live.
 * Undefined when the request would fail; the client then asks the API and shows its error.
 */
export async function initialMachinePage(principal: Principal, filters: MachineFilters, params: Record<string, string | string[] | undefined>): Promise<Page<MachineDto> | undefined> {
  const one = (v: string | string[] | undefined) => (typeof v === "string" ? v : undefined);
  const q = listMachinesQuery.safeParse({ ...filters, page: parsePage(one(params.page)), limit: parsePageSize(one(params.size)) });
  if (!q.success) return undefined;
  return listMachines({ principal }, q.data).catch(() => undefined);
}
