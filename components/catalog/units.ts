import type { SizeConstraint } from "@/lib/domain/catalog/size";

export const GiB = 1024 ** 3;
const TiB = 1024 ** 4;

/** Bytes as GiB for an input: up to three decimals, no trailing zeros. */
export function gibText(bytes: number): string {
  return String(Number((bytes / GiB).toFixed(3)));
}

/** Bytes for people: TiB from 1 TiB up, else GiB, one decimal at most. */
export function formatBytes(bytes: number): string {
  if (bytes >= TiB) return `${Number((bytes / TiB).toFixed(1))} TiB`;
  return `${Number((bytes / GiB).toFixed(1))} GiB`;
}

/** Whether a constraint type counts bytes (shown in GiB, sent in bytes). */
export function isBytes(type: SizeConstraint["type"]): boolean {
  return type === "memory" || type === "storage";
}

export const constraintTypeLabels: Record<SizeConstraint["type"], string> = {
  cores: "CPU cores",
  memory: "Memory (GiB)",
  storage: "Storage (GiB)",
  gpu: "GPUs",
};

function range(min: number, max: number, fmt: (n: number) => string): string {
  return min === max ? fmt(min) : `${fmt(min)}–${fmt(max)}`;
}

/** "32–64 cores (AMD EPYC*)", "256 GiB memory", "2 GPUs (NVIDIA H100*)". */
export function describeConstraint(c: SizeConstraint): string {
  const on = c.identifier && c.identifier !== "*" ? ` (${c.identifier})` : "";
  switch (c.type) {
    case "cores":
      return `${range(c.min, c.max, String)} ${c.max === 1 ? "core" : "cores"}${on}`;
    case "memory":
      return `${range(c.min, c.max, formatBytes)} memory`;
    case "storage":
      return `${range(c.min, c.max, formatBytes)} storage${on}`;
    case "gpu":
      return `${range(c.min, c.max, String)} ${c.max === 1 ? "GPU" : "GPUs"}${on}`;
  }
}
