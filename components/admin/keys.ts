/** TanStack Query keys for the audit log; filters are the URL's search params. */
export type AuditFilters = { action?: string; targetType?: string; actor?: string; since?: string; until?: string };

export const auditKeys = {
  all: ["audit"] as const,
  list: (filters: AuditFilters) => ["audit", "list", filters] as const,
};
