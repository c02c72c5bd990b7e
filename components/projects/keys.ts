/** TanStack Query keys for projects; mutations invalidate `projectKeys.all`. */
export const projectKeys = {
  all: ["projects"] as const,
  list: (filters: { tenantId?: string; q?: string } = {}) => ["projects", "list", filters] as const,
  detail: (id: string) => ["projects", "detail", id] as const,
};

export const tenantKeys = {
  all: ["tenants"] as const,
  list: (filters: { q?: string } = {}) => ["tenants", "list", filters] as const,
  lists: ["tenants", "list"] as const,
  detail: (id: string) => ["tenants", "detail", id] as const,
};

/** The caller and its named roles (GET /api/v1/me). */
export const meKeys = {
  all: ["me"] as const,
};
