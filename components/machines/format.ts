import type { MachineDto } from "@/lib/contracts/machines";
import { formatBytes } from "@/components/catalog/units";
import { formatAbsolute } from "@/lib/domain/time/format";

/** "12 cores · 64 GiB · 1 disk", the hardware of a machine in one line. */
export function hardwareLine(hw: MachineDto["hardware"]): string {
  const parts = [`${hw.cores} ${hw.cores === 1 ? "core" : "cores"}`, formatBytes(hw.memoryBytes), `${hw.disks} ${hw.disks === 1 ? "disk" : "disks"}`];
  if (hw.gpus > 0) parts.push(`${hw.gpus} ${hw.gpus === 1 ? "GPU" : "GPUs"}`);
  return parts.join(" · ");
}

/** The one absolute time format (lib/domain/time/format.ts), for text that is not a <Time>. */
export function formatTime(iso: string | null): string {
  return iso ? formatAbsolute(iso) : "—";
}

/** "3 s", "4 min", "2 h", "5 d": how long ago, for "silent since". */
export function formatAge(iso: string, now = Date.now()): string {
  const s = Math.max(0, Math.round((now - new Date(iso).getTime()) / 1000));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.round(s / 60)} min`;
  if (s < 86_400) return `${Math.round(s / 3600)} h`;
  return `${Math.round(s / 86_400)} d`;
}

/** The name people know a machine by: hostname when allocated, else its id. */
export function machineLabel(m: Pick<MachineDto, "id" | "allocation">): string {
  return m.allocation?.hostname || m.id;
}

/** Every address of an allocated machine, primary network first. */
export function machineAddresses(m: Pick<MachineDto, "allocation">): string[] {
  const nets = [...(m.allocation?.networks ?? [])].sort((a, b) => Number(b.primary) - Number(a.primary));
  return nets.flatMap((n) => n.addresses);
}
