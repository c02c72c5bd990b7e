/** TanStack Query keys for API tokens; mutations invalidate `tokenKeys.all`. */
export const tokenKeys = {
  all: ["tokens"] as const,
  list: (filters: { includeRevoked: boolean }) => ["tokens", "list", filters] as const,
};
