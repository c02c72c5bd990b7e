import type { AuditFilters } from "./keys";

export const auditFilterNames = ["action", "targetType", "actor", "since", "until"] as const;

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The filters present in a URL's search params (or a submitted form), empty ones dropped. */
export function auditFiltersFrom(get: (name: string) => unknown): AuditFilters {
  const out: AuditFilters = {};
  for (const name of auditFilterNames) {
    const v = get(name);
    if (typeof v === "string" && v.trim()) out[name] = v.trim();
  }
  return out;
}

/** The shareable URL search string: exactly the filters that are set. */
export function auditSearch(filters: AuditFilters): string {
  const s = new URLSearchParams(Object.entries(filters).filter(([, v]) => v)).toString();
  return s ? `?${s}` : "";
}

/** A date input's day, as the start of that day in the browser's time zone (ISO 8601). */
function startOfDay(day: string, plusDays = 0): string | undefined {
  if (!DAY.test(day)) return undefined;
  const d = new Date(`${day}T00:00:00`);
  d.setDate(d.getDate() + plusDays);
  return d.toISOString();
}

/** API query: dates become instants, and "until" includes the whole day it names. */
export function auditApiQuery(filters: AuditFilters, at: { page: number; size: number; sort?: string; order?: string }): string {
  const q = new URLSearchParams({ limit: String(at.size), page: String(at.page) });
  if (at.sort) q.set("sort", at.sort);
  if (at.sort && at.order) q.set("order", at.order);
  if (filters.action) q.set("action", filters.action);
  if (filters.targetType) q.set("targetType", filters.targetType);
  if (filters.actor) q.set("actor", filters.actor);
  const since = filters.since && startOfDay(filters.since);
  if (since) q.set("since", since);
  const untilNextDay = filters.until && startOfDay(filters.until, 1);
  if (untilNextDay) q.set("until", new Date(new Date(untilNextDay).getTime() - 1).toISOString());
  return q.toString();
}
