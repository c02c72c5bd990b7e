import fc from "fast-check";

/**
 * Request generation from the OpenAPI document (issue 10 item 9): for each operation, values that
 * follow its JSON schemas, then broken on purpose — wrong types, missing and unknown fields,
 * huge strings, NUL and unpaired surrogates, deep nesting, bad ids. Our own generator on fast-check.
 */
export type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  pattern?: string;
  format?: string;
  additionalProperties?: JsonSchema | boolean;
  propertyNames?: JsonSchema;
};

/** Strings that break things: NUL, unpaired surrogates, control and bidi characters, SQL and path syntax, emoji. */
export const nastyStrings = [
  "", " ", "\u0000", "a\u0000b", "\uD800", "x\uDFFF", "\uDBFF\uDBFF", "'; drop table tenants; --", "%00", "%ff", "../../etc/passwd",
  "\u202Eevil", "😀".repeat(30), "null", "NaN", "-1", "1e309", "{}", "[]", "<script>alert(1)</script>", "\r\n\r\nX-Injected: 1", "\\", "*", "%",
];

const nasty = fc.constantFrom(...nastyStrings);
const huge = fc.constantFrom("x".repeat(70_000), "é".repeat(20_000), `${"\u0000".repeat(10)}${"y".repeat(5000)}`);
/** Any JSON value, including deeply nested ones. */
const anyJson: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null), fc.boolean(), fc.integer(), fc.double({ noNaN: true }), nasty, fc.string(),
  fc.constant(JSON.parse(`${"[".repeat(2000)}1${"]".repeat(2000)}`)),
  fc.array(fc.oneof(fc.integer(), nasty), { maxLength: 5 }),
  fc.dictionary(fc.oneof(nasty, fc.string()), fc.oneof(fc.integer(), nasty), { maxKeys: 5 }),
);

function typeOf(s: JsonSchema): string | undefined {
  return Array.isArray(s.type) ? s.type.find((t) => t !== "null") : s.type;
}

/** A value that satisfies the schema as far as a JSON schema can say (formats approximated). */
export function valid(s: JsonSchema, depth = 0): fc.Arbitrary<unknown> {
  if (s.const !== undefined) return fc.constant(s.const);
  if (s.enum) return fc.constantFrom(...s.enum);
  const alternatives = s.anyOf ?? s.oneOf;
  if (alternatives?.length) return fc.oneof(...alternatives.map((a) => valid(a, depth + 1)));
  if (s.allOf?.length) return valid(s.allOf[0], depth + 1);
  switch (typeOf(s)) {
    case "object": {
      const props = s.properties ?? {};
      const required = new Set(s.required ?? []);
      if (depth > 6) return fc.constant({});
      const entries = Object.fromEntries(Object.entries(props).map(([k, v]) => [k, valid(v, depth + 1)]));
      return fc.record(entries, { requiredKeys: Object.keys(props).filter((k) => required.has(k)) });
    }
    case "array":
      return fc.array(s.items && depth < 6 ? valid(s.items, depth + 1) : anyJson, { minLength: s.minItems ?? 0, maxLength: Math.min(s.maxItems ?? 3, 3) });
    case "integer":
      return fc.integer({ min: s.minimum ?? -1000, max: s.maximum ?? 100_000 });
    case "number":
      return fc.double({ min: s.minimum ?? -1000, max: s.maximum ?? 100_000, noNaN: true });
    case "boolean":
      return fc.boolean();
    case "string":
      if (s.format === "date-time") return fc.date({ min: new Date(), max: new Date(Date.now() + 300 * 86_400_000) }).map((d) => d.toISOString());
      if (s.format === "uri") return fc.constantFrom("http://example.com/x", "https://10.0.0.1/a");
      if (s.pattern) return fc.constantFrom("a", "ab-12", "10.0.0.0/24", "ubuntu-24.04", "52:54:00:12:34:56", "fd00::/64");
      return fc.string({ minLength: s.minLength ?? 0, maxLength: Math.min(s.maxLength ?? 20, 20) });
    case "null":
      return fc.constant(null);
    default:
      return anyJson;
  }
}

/** A value meant to be refused: a wrong type, a nasty or huge string, a deep structure, an empty object. */
export function broken(s: JsonSchema): fc.Arbitrary<unknown> {
  const t = typeOf(s);
  const wrongType = t === "string" ? fc.oneof(fc.integer(), fc.boolean(), fc.constant([]), fc.constant({}))
    : t === "object" ? fc.oneof(fc.string(), fc.integer(), fc.constant([]))
    : t === "array" ? fc.oneof(fc.string(), fc.constant({ length: 1 }), fc.constant(Array.from({ length: 10_000 }, () => "x")))
    : fc.oneof(fc.string(), fc.constant({}), fc.constant(-1e308));
  return fc.oneof(wrongType, nasty, huge, anyJson);
}

/** A body: valid, then (usually) one field broken, removed or an unknown one added. */
export function bodyFor(s: JsonSchema): fc.Arbitrary<unknown> {
  return fc.tuple(valid(s), fc.nat(5), fc.option(fc.constantFrom(...Object.keys(collectProperties(s))), { nil: undefined })).chain(([v, how, field]) => {
    if (how === 0 || v === null || typeof v !== "object" || Array.isArray(v)) return how === 1 ? broken(s) : fc.constant(v);
    const obj = v as Record<string, unknown>;
    if (how === 2 || !field) return fc.constant({ ...obj, ["unknown\u0000field"]: 1 });
    if (how === 3) {
      const { [field]: _removed, ...rest } = obj;
      return fc.constant(rest);
    }
    return broken(collectProperties(s)[field]).map((b) => ({ ...obj, [field]: b }));
  });
}

function collectProperties(s: JsonSchema): Record<string, JsonSchema> {
  const alternatives = s.anyOf ?? s.oneOf ?? [];
  return Object.assign({}, ...alternatives.map(collectProperties), s.properties ?? {});
}

/** Path parameter values: plausible, nasty, huge and unicode ids (percent-encoded into the URL). */
export const pathValue = fc.oneof(fc.constantFrom("lab", "no-such-id", "01234567-89ab-cdef-0123-456789abcdef", "x".repeat(500)), nasty, fc.string({ maxLength: 30 }));

/** Query values: from the schema, or nasty. */
export function queryValue(s: JsonSchema): fc.Arbitrary<string> {
  return fc.oneof(valid(s).map((v) => (typeof v === "string" ? v : JSON.stringify(v))), nasty, fc.constant("x".repeat(5000)));
}
