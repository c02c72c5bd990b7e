"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "@/lib/api-client";
import type { MachineUplinksDto, SwitchDetailDto, SwitchDto, SwitchPortDto } from "@/lib/contracts/switches";

/** TanStack Query keys and hooks for the switch pages and a machine's uplinks. */
export const switchKeys = {
  all: ["switches"] as const,
  list: ["switches", "list"] as const,
  detail: (id: string) => ["switches", "detail", id] as const,
};
/** Under the machine's detail key: the machine stream's invalidation of detail(id) refreshes it. */
export const uplinkKey = (machineId: string) => ["machines", "detail", machineId, "uplinks"] as const;

const enc = encodeURIComponent;

export function useSwitches(refetchInterval: number) {
  return useQuery({ queryKey: switchKeys.list, queryFn: () => apiFetch<{ items: SwitchDto[] }>("/api/v1/switches"), refetchInterval });
}

export function useSwitch(id: string, refetchInterval: number) {
  return useQuery({ queryKey: switchKeys.detail(id), queryFn: () => apiFetch<SwitchDetailDto>(`/api/v1/switches/${enc(id)}`), refetchInterval });
}

export function useSetPortAdminState(switchId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ port, adminState }: { port: string; adminState: "up" | "down" }) =>
      apiFetch<SwitchPortDto>(`/api/v1/switches/${enc(switchId)}/ports/${enc(port)}`, { method: "PATCH", body: { adminState } }),
    onSuccess: () => qc.invalidateQueries({ queryKey: switchKeys.all }),
  });
}

export function useMachineUplinks(machineId: string, refetchInterval: number) {
  return useQuery({ queryKey: uplinkKey(machineId), queryFn: () => apiFetch<MachineUplinksDto>(`/api/v1/machines/${enc(machineId)}/uplinks`), refetchInterval });
}
