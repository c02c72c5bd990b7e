import { type QueryKey, useMutation, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "@/lib/api-client";

/**
 * Deletes after a confirm(). Something still in use is refused with 409, whose detail names what
 * references it; the mutation's error carries that text (ApiError.message is the detail).
 */
export function useConfirmDelete({ noun, url, invalidate, onDeleted }: {
  noun: string;
  url: (id: string) => string;
  invalidate: readonly QueryKey[];
  onDeleted?: () => void;
}) {
  const qc = useQueryClient();
  const mutation = useMutation({
    mutationFn: (id: string) => apiFetch<void>(url(id), { method: "DELETE" }),
    onSuccess: () => onDeleted?.(),
    // Lists only: refetching the deleted item's own query would just answer 404.
    onSettled: () => Promise.all(invalidate.map((queryKey) => qc.invalidateQueries({ queryKey }))),
  });
  const confirmDelete = (id: string, label = id) => {
    if (confirm(`Delete ${noun} ${label}? This cannot be undone.`)) mutation.mutate(id);
  };
  return { mutation, confirmDelete };
}
