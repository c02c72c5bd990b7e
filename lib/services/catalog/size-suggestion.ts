import { globProblem, MAX_GLOB_LENGTH, type Hardware, type SizeConstraint } from "@/lib/domain/catalog";

/**
 * Constraints that describe exactly one piece of hardware, as the starting point of a new size:
 * all cores (named by the CPU model when every CPU shares it), the exact memory, one storage
 * constraint summing every disk, and the GPU count (named by the model when all share one).
 * An operator then widens the ranges to admit the hardware's siblings.
 */

/** A model name taken literally as a glob: "GA100 [A100 SXM4 80GB]" must not become a class. */
export function literalGlob(text: string): string | undefined {
  const escaped = text.replace(/[\\*?[\]]/g, (c) => `\\${c}`);
  return escaped !== "" && escaped.length <= MAX_GLOB_LENGTH && globProblem(escaped) === null ? escaped : undefined;
}

/** The one model every item shares, as a literal glob; none when they differ. */
function sharedModel(models: string[]): string | undefined {
  return models.length > 0 && models.every((m) => m === models[0]) ? literalGlob(models[0]) : undefined;
}

const sum = (ns: number[]) => ns.reduce((a, b) => a + b, 0);

function exactly(type: SizeConstraint["type"], amount: number, identifier?: string): SizeConstraint {
  return { type, min: amount, max: amount, ...(identifier !== undefined ? { identifier } : {}) };
}

export function describeHardware(hw: Hardware): SizeConstraint[] {
  const out: SizeConstraint[] = [];
  if (hw.cpus.length > 0) out.push(exactly("cores", sum(hw.cpus.map((c) => c.cores)), sharedModel(hw.cpus.map((c) => c.model))));
  out.push(exactly("memory", hw.memoryBytes));
  if (hw.disks.length > 0) out.push(exactly("storage", sum(hw.disks.map((d) => d.sizeBytes))));
  if (hw.gpus.length > 0) out.push(exactly("gpu", hw.gpus.length, sharedModel(hw.gpus.map((g) => g.model))));
  return out;
}
