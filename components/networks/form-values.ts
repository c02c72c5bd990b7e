/** Form value helpers: empty inputs mean "not given", so the schema's defaults apply. */

/** "" → undefined; anything else → a number the schema then checks (NaN fails as "expected number"). */
export function optionalInt(value: FormDataEntryValue | null): number | undefined {
  const raw = String(value ?? "").trim();
  return raw === "" ? undefined : Number(raw);
}

export function optionalString(value: FormDataEntryValue | null): string | undefined {
  const raw = String(value ?? "").trim();
  return raw === "" ? undefined : raw;
}

/** "a, b ,c" → ["a", "b", "c"]: lists typed into one input, comma or whitespace separated. */
export function listOf(value: FormDataEntryValue | null): string[] {
  return String(value ?? "").split(/[\s,]+/).filter(Boolean);
}

/** The first message about a list field or any entry of it ("prefixes" or "prefixes.2"). */
export function listError(errors: Record<string, string>, field: string): string | undefined {
  const key = Object.keys(errors).find((k) => k === field || k.startsWith(`${field}.`));
  return key ? errors[key] : undefined;
}
