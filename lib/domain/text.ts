import { z } from "zod";

/**
 * The one string schema of every contract (API bodies, queries, path parameters, agent
 * messages, forms). Two kinds of character are refused wherever a string enters: NUL (U+0000),
 * which PostgreSQL text and jsonb cannot store, and UTF-16 surrogates that do not pair up,
 * which are not Unicode at all (jsonb refuses them, UTF-8 encoders mangle them). Refusing them
 * here turns what would be a database error (a 500) into a 422 naming the field.
 * lib/contracts/contracts.test.ts checks that every endpoint's input strings use it.
 */
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export const textCheck = z.refine<string>((s) => !UNSTORABLE.test(s), "must not contain NUL characters or unpaired UTF-16 surrogates");

/** z.string() with the check: chain .trim(), .min(), .max(), .regex() as usual. */
export function text() {
  return z.string().check(textCheck);
}

/** True when the string holds a character no contract accepts (for callers outside zod). */
export function hasUnstorableCharacters(s: string): boolean {
  return UNSTORABLE.test(s);
}

/** Every free-form map is bounded: at most this many keys (labels, tags, FRU data, group mappings, …). */
export const MAX_MAP_KEYS = 64;

/**
 * A record with at most `maxKeys` keys (default 64), the keys and values checked by the given
 * schemas; a map with too many keys is a 422 naming the field. Unbounded maps are refused by
 * lib/contracts/contracts.test.ts.
 */
export function boundedRecord<K extends z.core.$ZodRecordKey, V extends z.ZodType>(key: K, value: V, maxKeys = MAX_MAP_KEYS) {
  const schema = z.record(key, value).check(z.refine((o: object) => Object.keys(o).length <= maxKeys, `must have at most ${maxKeys} keys`));
  bounded.add(schema);
  return schema;
}

const bounded = new WeakSet<object>();

export function isBoundedRecord(schema: z.ZodType): boolean {
  return bounded.has(schema);
}

/** Replaces what `textCheck` refuses with U+FFFD (for text that must never be refused, see below). */
export function repairText(s: string): string {
  return s.replace(new RegExp(UNSTORABLE.source, "g"), "\uFFFD");
}

const repairing = new WeakSet<object>();

/**
 * Marks a schema whose strings are repaired (repairText) instead of refused. Only agent
 * messages are: a Crashed event or a failed install report is exactly what an operator needs,
 * so it is truncated and repaired rather than lost to a 422 (lib/domain/lifecycle clampMessage).
 */
export function repairsText<S extends z.ZodType>(schema: S): S {
  repairing.add(schema);
  return schema;
}

export function isRepairingText(schema: z.ZodType): boolean {
  return repairing.has(schema);
}
