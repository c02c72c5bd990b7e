import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { NetworkDto } from "@/lib/contracts/networks";
import { api, unwrap } from "@/lib/api-client";
import { useConfirm } from "@/components/ui/confirm";
import { toast } from "@/components/ui/toast";
import { ipKeys, networkKeys } from "./keys";

/**
 * Deletes a network after a type-the-name confirmation. The API refuses (409) while machines or static IPs use it,
 * or while private networks take prefixes from it; the error then carries its explanation.
 */
export function useDeleteNetwork() {
  const qc = useQueryClient();
  const confirm = useConfirm();
  const mutation = useMutation({
    mutationFn: (id: string) => unwrap(api.DELETE("/api/v1/networks/{id}", { params: { path: { id } } })),
    onSuccess: () => toast.success("Network deleted"),
    onSettled: async () => {
      await qc.invalidateQueries({ queryKey: networkKeys.all });
      await qc.invalidateQueries({ queryKey: ipKeys.all });
    },
  });
  const confirmDelete = async (n: NetworkDto) => {
    if (await confirm({ title: `Delete network ${n.name}?`, body: "Its ephemeral IPs are released. This cannot be undone.", confirmLabel: "Delete network", typeToConfirm: n.name })) mutation.mutate(n.id);
  };
  return { mutation, confirmDelete };
}
