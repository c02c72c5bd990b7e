import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { TenantDto } from "@/lib/contracts/tenants";
import { api, unwrap } from "@/lib/api-client";
import { tenantKeys } from "@/components/projects/keys";
import { useConfirm } from "@/components/ui/confirm";
import { toast } from "@/components/ui/toast";

/**
 * Deletes a tenant after a type-the-name confirmation. A tenant that still has projects is refused with 409;
 * the mutation's error then carries the server's explanation (ApiError.message is its detail).
 */
export function useDeleteTenant(onDeleted?: () => void) {
  const qc = useQueryClient();
  const confirm = useConfirm();
  const mutation = useMutation({
    mutationFn: (id: string) => unwrap(api.DELETE("/api/v1/tenants/{id}", { params: { path: { id } } })),
    onSuccess: () => { toast.success("Tenant deleted"); onDeleted?.(); },
    // Only the lists: refetching the deleted tenant's own query would just answer 404.
    onSettled: () => qc.invalidateQueries({ queryKey: tenantKeys.lists }),
  });
  const confirmDelete = async (t: TenantDto) => {
    if (await confirm({ title: `Delete tenant ${t.name}?`, body: "This cannot be undone.", confirmLabel: "Delete tenant", typeToConfirm: t.name })) mutation.mutate(t.id);
  };
  return { mutation, confirmDelete };
}
