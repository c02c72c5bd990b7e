import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { NetworkDto } from "@/lib/contracts/networks";
import { api, unwrap } from "@/lib/api-client";
import { ipKeys, networkKeys } from "./keys";

/**
 * Deletes a network after a confirm(). The API refuses (409) while machines or static IPs use it,
 * or while private networks take prefixes from it; the error then carries its explanation.
 */
export function useDeleteNetwork() {
  const qc = useQueryClient();
  const mutation = useMutation({
    mutationFn: (id: string) => unwrap(api.DELETE("/api/v1/networks/{id}", { params: { path: { id } } })),
    onSettled: async () => {
      await qc.invalidateQueries({ queryKey: networkKeys.all });
      await qc.invalidateQueries({ queryKey: ipKeys.all });
    },
  });
  const confirmDelete = (n: NetworkDto) => {
    if (confirm(`Delete network ${n.name}? Its ephemeral IPs are released. This cannot be undone.`)) mutation.mutate(n.id);
  };
  return { mutation, confirmDelete };
}
