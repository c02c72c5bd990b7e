import type { ReactNode } from "react";

export function EmptyState({ title, body, action }: { title: string; body?: string; action?: ReactNode }) {
  return (
    <div className="rounded-lg border border-dashed border-slate-300 bg-white p-8 text-center">
      <p className="font-medium">{title}</p>
      {body && <p className="mt-1 text-sm text-slate-600">{body}</p>}
      {action && <div className="mt-4">{action}</div>}
    </div>
  );
}

export function ErrorState({ error, retry }: { error: Error; retry?: () => void }) {
  return (
    <div role="alert" className="rounded-lg border border-red-200 bg-red-50 p-4 text-sm text-red-800">
      <p className="font-medium">Something went wrong</p>
      <p className="mt-1">{error.message}</p>
      {retry && <button onClick={retry} className="mt-3 rounded-md border border-red-300 bg-white px-3 py-1 hover:bg-red-100">Try again</button>}
    </div>
  );
}

/** A grey placeholder block that pulses while content loads (motion stops under reduced motion). */
export function Skeleton({ className }: { className?: string }) {
  return <span aria-hidden className={`block animate-pulse rounded bg-slate-200 ${className ?? ""}`} />;
}

/** Loading: a few skeleton lines shaped like the content, with the label for screen readers. */
export function Loading({ label = "Loading…", lines = 3 }: { label?: string; lines?: number }) {
  return (
    <div role="status" aria-live="polite" className="grid gap-2 py-2">
      <span className="sr-only">{label}</span>
      {Array.from({ length: lines }, (_, i) => <Skeleton key={i} className={`h-4 ${i % 3 === 2 ? "w-2/3" : i % 3 === 1 ? "w-5/6" : "w-full"}`} />)}
    </div>
  );
}

export function PageHeader({ title, description, actions }: { title: ReactNode; description?: ReactNode; actions?: ReactNode }) {
  return (
    <div className="mb-6 flex flex-wrap items-end justify-between gap-4">
      <div className="min-w-0">
        <h1 className="break-words text-2xl font-semibold tracking-tight">{title}</h1>
        {description && <p className="mt-1 text-sm text-slate-600">{description}</p>}
      </div>
      {actions}
    </div>
  );
}

/** A page-shaped placeholder (title, a few cards) for route transitions. */
export function PageSkeleton() {
  return (
    <div role="status" aria-live="polite" className="grid gap-4">
      <span className="sr-only">Loading the page…</span>
      <Skeleton className="h-8 w-56" />
      <Skeleton className="h-4 w-96 max-w-full" />
      <div className="grid gap-4 md:grid-cols-3">
        <Skeleton className="h-28" />
        <Skeleton className="h-28" />
        <Skeleton className="h-28" />
      </div>
      <Skeleton className="h-64" />
    </div>
  );
}

/** A failed row action (delete, revoke …) above its table; nothing while there is no error. */
export function ActionError({ error }: { error: Error | null }) {
  return error ? <p role="alert" className="mb-2 rounded-md border border-red-200 bg-red-50 p-2 text-sm text-red-800">{error.message}</p> : null;
}

/**
 * A list's query states in one place: skeleton while pending, the error with a retry, the empty
 * state (with its next action), else the list itself.
 */
export function QueryList<T>({ query, items, empty, children }: {
  query: { isPending: boolean; isError: boolean; error: Error | null; refetch: () => unknown };
  items: T[] | undefined;
  empty: { title: string; body?: string; action?: ReactNode };
  children: (items: T[]) => ReactNode;
}) {
  if (query.isPending) return <Loading />;
  if (query.isError) return <ErrorState error={query.error!} retry={() => query.refetch()} />;
  if (!items || items.length === 0) return <EmptyState {...empty} />;
  return <>{children(items)}</>;
}
