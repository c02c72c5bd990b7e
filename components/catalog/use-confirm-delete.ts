import { type QueryKey, useMutation, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "@/lib/api-client";
import { useConfirm } from "@/components/ui/confirm";
import { toast } from "@/components/ui/toast";

/**
 * Deletes after a confirmation dialog that names the target; a toast reports the result. Something still in use is refused with 409, whose detail names what
 * references it; the mutation's error carries that text (ApiError.message is the detail).
 */
export function useConfirmDelete({ noun, url, invalidate, onDeleted }: {
  noun: string;
  url: (id: string) => string;
  invalidate: readonly QueryKey[];
  onDeleted?: () => void;
}) {
  const qc = useQueryClient();
  const confirm = useConfirm();
  const mutation = useMutation({
    mutationFn: (id: string) => apiFetch<void>(url(id), { method: "DELETE" }),
    onSuccess: (_data, id) => { toast.success(`Deleted ${noun} ${id}`); onDeleted?.(); },
    // Lists only: refetching the deleted item's own query would just answer 404.
    onSettled: () => Promise.all(invalidate.map((queryKey) => qc.invalidateQueries({ queryKey }))),
  });
  const confirmDelete = async (id: string, label = id) => {
    if (await confirm({ title: `Delete ${noun} ${label}?`, body: "This cannot be undone.", confirmLabel: `Delete ${noun}` })) mutation.mutate(id);
  };
  return { mutation, confirmDelete };
}
