import { keepPreviousData, useQuery } from "@tanstack/react-query";
import type { MachineDto, machineEventDto, machineEventsDto } from "@/lib/contracts/machines";
import type { Page } from "@/lib/http/pagination";
import type { z } from "zod";
import { api, apiFetch, unwrap } from "@/lib/api-client";
import { sizeKeys } from "@/components/catalog/keys";
import { type MachineFilters, machineKeys, machineListUrl } from "./keys";

export type MachineEvents = z.infer<typeof machineEventsDto>;
export type MachineEvent = z.infer<typeof machineEventDto>;

/**
 * One numbered page of a machine list (page and size from the URL, see useListParams). The
 * previous page stays on screen while the next loads, so the table does not jump.
 */
export function useMachinePage(filters: MachineFilters, at: { page: number; size: number }, refetchInterval: number, initial?: Page<MachineDto>) {
  const query = useQuery({
    // The page the server rendered with (initial-page.ts); fresh for the app's staleTime.
    initialData: initial,
    queryKey: machineKeys.list({ ...filters, page: String(at.page), size: String(at.size) }),
    queryFn: () => apiFetch<Page<MachineDto>>(machineListUrl(filters, { page: at.page }, at.size)),
    placeholderData: keepPreviousData,
    refetchInterval,
  });
  return { query, machines: query.data?.items ?? [], total: query.data?.total ?? 0 };
}

/** The first page of a list (the issues page shows a few per kind and links to the rest). */
export function useMachineFirstPage(filters: MachineFilters, refetchInterval: number, size = 50) {
  return useMachinePage(filters, { page: 1, size }, refetchInterval);
}

export function useMachine(id: string, refetchInterval: number, enabled = true) {
  return useQuery({ queryKey: machineKeys.detail(id), queryFn: () => unwrap(api.GET("/api/v1/machines/{id}", { params: { path: { id } } })), refetchInterval, enabled });
}

export function useAdminMachine(id: string, refetchInterval: number) {
  return useQuery({ queryKey: machineKeys.admin(id), queryFn: () => unwrap(api.GET("/api/v1/admin/machines/{id}", { params: { path: { id } } })), refetchInterval });
}

export function useMachineEvents(id: string, refetchInterval: number, enabled = true) {
  return useQuery({ queryKey: machineKeys.events(id), queryFn: () => unwrap(api.GET("/api/v1/machines/{id}/events", { params: { path: { id } } })), refetchInterval, enabled });
}

export function useSizes() {
  return useQuery({ queryKey: sizeKeys.list(), queryFn: () => unwrap(api.GET("/api/v1/sizes", { params: { query: { limit: 200 } } })) });
}
