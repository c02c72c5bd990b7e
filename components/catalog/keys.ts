/** TanStack Query keys for the operator catalog; mutations invalidate a feature's `all` or `lists`. */
export type CatalogFilters = { q?: string };

function keysFor<const Name extends string>(name: Name) {
  return {
    all: [name] as const,
    lists: [name, "list"] as const,
    list: (filters: CatalogFilters = {}) => [name, "list", filters] as const,
    detail: (id: string) => [name, "detail", id] as const,
  };
}

export const partitionKeys = {
  ...keysFor("partitions"),
  /** Capacity depends on machines and reservations too: reservation changes invalidate it. */
  capacity: (id: string) => ["partitions", "capacity", id] as const,
  /** Every partition's capacity: machine changes move the counts. */
  capacityAll: ["partitions", "capacity"] as const,
};
export const sizeKeys = keysFor("sizes");
export const imageKeys = keysFor("images");
export const layoutKeys = keysFor("filesystem-layouts");
export const reservationKeys = keysFor("size-reservations");
export const sizeImageConstraintKeys = keysFor("size-image-constraints");

/** The API list URL with the search term; 200 entries is far more than a data centre has. */
export function listUrl(path: string, filters: CatalogFilters = {}): string {
  const params = new URLSearchParams({ limit: "200", ...(filters.q && { q: filters.q }) });
  return `${path}?${params}`;
}
