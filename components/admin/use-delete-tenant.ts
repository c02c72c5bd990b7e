import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { TenantDto } from "@/lib/contracts/tenants";
import { api, unwrap } from "@/lib/api-client";
import { tenantKeys } from "@/components/projects/keys";

/**
 * Deletes a tenant after a confirm(). A tenant that still has projects is refused with 409;
 * the mutation's error then carries the server's explanation (ApiError.message is its detail).
 */
export function useDeleteTenant(onDeleted?: () => void) {
  const qc = useQueryClient();
  const mutation = useMutation({
    mutationFn: (id: string) => unwrap(api.DELETE("/api/v1/tenants/{id}", { params: { path: { id } } })),
    onSuccess: () => onDeleted?.(),
    // Only the lists: refetching the deleted tenant's own query would just answer 404.
    onSettled: () => qc.invalidateQueries({ queryKey: tenantKeys.lists }),
  });
  const confirmDelete = (t: TenantDto) => {
    if (confirm(`Delete tenant ${t.name}? This cannot be undone.`)) mutation.mutate(t.id);
  };
  return { mutation, confirmDelete };
}
