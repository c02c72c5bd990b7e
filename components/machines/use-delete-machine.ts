import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import type { MachineDto } from "@/lib/contracts/machines";
import { api, unwrap } from "@/lib/api-client";
import { useConfirm } from "@/components/ui/confirm";
import { toast } from "@/components/ui/toast";
import { machineKeys } from "./keys";

/** Why the server would refuse a delete, mirroring deleteMachine's rules; null when it may go. */
export function deleteBlocker(m: MachineDto): string | null {
  if (m.condition === "LOCKED") return "It is LOCKED: unlock it first.";
  if (m.allocation) return "It is allocated: it must be freed first.";
  if (m.liveliness !== "Dead") return `It is ${m.liveliness}: only Dead machines can be deleted (a live one would register again).`;
  return null;
}

/** DELETE /admin/machines/{id} after a type-the-id confirmation; a 409 keeps the page with the server's reason. */
export function useDeleteMachine(id: string) {
  const qc = useQueryClient();
  const router = useRouter();
  const confirm = useConfirm();
  const mutation = useMutation({
    mutationFn: () => unwrap(api.DELETE("/api/v1/admin/machines/{id}", { params: { path: { id } } })),
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: machineKeys.lists });
      toast.success(`Machine ${id} deleted`);
      router.push("/admin/machines");
    },
  });
  const confirmDelete = async () => {
    if (await confirm({ title: `Delete machine ${id}?`, body: "Its record and history go. If it boots again it registers as a new machine.", confirmLabel: "Delete machine", typeToConfirm: id })) mutation.mutate();
  };
  return { mutation, confirmDelete };
}
