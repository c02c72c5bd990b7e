import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { isBoundedRecord, isRepairingText, textCheck } from "@/lib/domain/text";
import { endpoints } from "./endpoints";
import { createNetworkInput } from "./networks";
import { createPartitionInput } from "./catalog";
import { createTenantInput } from "./tenants";

/**
 * The rules every contract follows, checked over the schemas themselves, for every endpoint
 * (so a new endpoint cannot forget them): each string it accepts is the shared `text()` (no
 * NUL, no unpaired surrogate) with a length bound, each array and each map is bounded.
 */
type Def = { type: string; checks?: { _zod: { def: { check: string } } }[]; [k: string]: unknown };
const defOf = (s: unknown): Def => (s as { _zod: { def: Def } })._zod.def;
const hasCheck = (d: Def, name: string) => (d.checks ?? []).some((c) => c._zod.def.check === name);

function violations(schema: z.ZodType, path: string, out: string[], seen = new Set<unknown>()): string[] {
  if (seen.has(schema)) return out;
  seen.add(schema);
  const d = defOf(schema);
  const walk = (s: unknown, p: string) => violations(s as z.ZodType, p, out, seen);
  switch (d.type) {
    case "string": {
      const safeFormat = d.format === "guid" || d.format === "uuid";
      if (!safeFormat && !(d.checks ?? []).includes(textCheck as never)) out.push(`${path}: a string without the shared text() check`);
      if (!safeFormat && !hasCheck(d, "max_length") && !hasCheck(d, "length_equals")) out.push(`${path}: a string without a maximum length`);
      break;
    }
    case "object":
      for (const [k, v] of Object.entries(d.shape as Record<string, unknown>)) walk(v, `${path}.${k}`);
      break;
    case "array":
      if (!hasCheck(d, "max_length")) out.push(`${path}: an array without a maximum length`);
      walk(d.element, `${path}[]`);
      break;
    case "record":
      if (!isBoundedRecord(schema)) out.push(`${path}: a map that is not a boundedRecord`);
      walk(d.keyType, `${path}{key}`);
      walk(d.valueType, `${path}{value}`);
      break;
    case "union":
      (d.options as unknown[]).forEach((o, i) => walk(o, `${path}|${i}`));
      break;
    case "intersection":
      walk(d.left, path);
      walk(d.right, path);
      break;
    case "pipe":
      if (!isRepairingText(schema)) walk(d.in, path);
      break;
    case "optional": case "nullable": case "default": case "prefault": case "catch": case "readonly": case "nonoptional":
      walk(d.innerType, path);
      break;
    case "enum": case "literal": case "number": case "int": case "boolean": case "date": case "bigint": case "null": case "undefined": case "never":
      break;
    default:
      out.push(`${path}: unexpected schema type ${d.type} (teach this test about it)`);
  }
  return out;
}

describe("contracts", () => {
  it("every string an endpoint accepts is text() with a maximum; every array and map is bounded", () => {
    const out: string[] = [];
    for (const [name, def] of Object.entries(endpoints)) {
      for (const part of ["params", "query", "body"] as const) {
        const schema = (def as { [k in typeof part]?: z.ZodType })[part];
        if (schema) violations(schema, `${name}.${part}`, out);
      }
    }
    expect(out).toEqual([]);
  });

  it("refuses NUL and unpaired surrogates in any string, naming the field", () => {
    const bad = ["a\u0000b", "\uD800", "x\uDC00", "\uDFFF\uD800"];
    for (const s of bad) {
      const r = createTenantInput.safeParse({ name: "acme", description: s });
      expect(r.success).toBe(false);
      expect(r.error!.issues[0].path).toEqual(["description"]);
    }
    expect(createTenantInput.safeParse({ name: "acme", description: "emoji 😀 and ümlaut" }).success).toBe(true);
    const network = createNetworkInput.safeParse({ kind: "private", projectId: "p\u0000", partitionId: "lab", name: "n" });
    expect(network.error!.issues.map((i) => i.path.join("."))).toContain("projectId");
  });

  it("caps labels at 64 keys of at most 63 characters with values of at most 255", () => {
    const base = { id: "lab", bootConfig: { kernelUrl: "http://x/k", initrdUrl: "http://x/i" } };
    const many = Object.fromEntries(Array.from({ length: 65 }, (_, i) => [`k${i}`, "v"]));
    const tooMany = createPartitionInput.safeParse({ ...base, labels: many });
    expect(tooMany.error!.issues.map((i) => i.path.join("."))).toEqual(["labels"]);
    expect(createPartitionInput.safeParse({ ...base, labels: { ["k".repeat(64)]: "v" } }).success).toBe(false);
    expect(createPartitionInput.safeParse({ ...base, labels: { k: "v".repeat(256) } }).success).toBe(false);
    const ok = Object.fromEntries(Array.from({ length: 64 }, (_, i) => [`k${i}`.padEnd(63, "x"), "v".repeat(255)]));
    expect(createPartitionInput.safeParse({ ...base, labels: ok }).success).toBe(true);
  });
});
