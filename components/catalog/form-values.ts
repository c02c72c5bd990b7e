
/** "a, b ,, c" → ["a", "b", "c"]: list inputs are comma-separated. */
export function listFrom(text: string): string[] {
  return text.split(",").map((s) => s.trim()).filter(Boolean);
}

/** A FormData text value, "" when absent. */
export function text(form: FormData, name: string): string {
  return String(form.get(name) ?? "");
}

/**
 * "key=value" lines → labels. A line without "=" cannot be guessed at, so it becomes a field
 * error instead of being dropped silently.
 */
export function labelsFrom(input: string): { labels: Record<string, string>; errors: Record<string, string> } {
  const labels: Record<string, string> = {};
  const errors: Record<string, string> = {};
  input.split("\n").forEach((raw, i) => {
    const line = raw.trim();
    if (!line) return;
    const eq = line.indexOf("=");
    if (eq < 1) errors.labels ??= `line ${i + 1} ("${line}") must look like key=value`;
    else labels[line.slice(0, eq).trim()] = line.slice(eq + 1).trim();
  });
  return { labels, errors };
}

export function labelsText(labels: Record<string, string> | undefined): string {
  return Object.entries(labels ?? {}).map(([k, v]) => `${k}=${v}`).join("\n");
}

/** The first error at `field` or below it ("dnsServers" also finds "dnsServers.1"). */
export function errorAt(errors: Record<string, string>, field: string): string | undefined {
  const key = Object.keys(errors).find((k) => k === field || k.startsWith(`${field}.`));
  if (key === undefined || key === field) return key && errors[key];
  const rest = key.slice(field.length + 1);
  return `${/^\d+$/.test(rest) ? `entry ${Number(rest) + 1}` : rest}: ${errors[key]}`;
}

/** Errors not shown next to any input (fields the form does not place), so none gets lost. */
export function unplacedErrors(errors: Record<string, string>, placed: readonly string[]): [string, string][] {
  return Object.entries(errors).filter(([k]) => !placed.some((p) => k === p || k.startsWith(`${p}.`)));
}

/** A date input's value (local day) for an ISO instant, "" for none. */
export function dateInputValue(iso: string | null | undefined): string {
  if (!iso) return "";
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** A date input's day as the start of that day in the browser's time zone; null when empty. */
export function dateFromInput(day: string): string | null {
  return day ? new Date(`${day}T00:00:00`).toISOString() : null;
}
