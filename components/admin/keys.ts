/** TanStack Query keys for the audit log; filters are the URL's search params. */
export type AuditFilters = { action?: string; targetType?: string; actor?: string; since?: string; until?: string };

export const auditKeys = {
  all: ["audit"] as const,
  list: (filters: AuditFilters, at?: { page: number; size: number; sort?: string; order?: string }) => ["audit", "list", filters, at ?? null] as const,
};
