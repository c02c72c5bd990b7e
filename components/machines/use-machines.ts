import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import type { MachineDto, machineEventDto, machineEventsDto } from "@/lib/contracts/machines";
import type { Page } from "@/lib/http/pagination";
import type { z } from "zod";
import { api, apiFetch, unwrap } from "@/lib/api-client";
import { sizeKeys } from "@/components/catalog/keys";
import { type MachineFilters, machineKeys, machineListUrl } from "./keys";

export type MachineEvents = z.infer<typeof machineEventsDto>;
export type MachineEvent = z.infer<typeof machineEventDto>;

/** A machine list, PAGE_SIZE at a time from the server's cursor ("Load more" fetches the next). */
export function useMachinePages(filters: MachineFilters, refetchInterval: number) {
  const query = useInfiniteQuery({
    queryKey: machineKeys.list(filters),
    queryFn: ({ pageParam }) => apiFetch<Page<MachineDto>>(machineListUrl(filters, pageParam)),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    refetchInterval,
  });
  return { query, machines: query.data?.pages.flatMap((p) => p.items) ?? [] };
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
