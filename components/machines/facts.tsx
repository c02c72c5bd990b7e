import type { ReactNode } from "react";

/**
 * A titled card of label/value pairs: the building block of the machine detail pages. `notice`
 * (a warning about the whole card) sits between the title and the pairs.
 */
export function FactsCard({ title, children, testId, notice }: { title: string; children: ReactNode; testId?: string; notice?: ReactNode }) {
  return (
    <section aria-label={title} data-testid={testId} className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
      <h2 className="mb-3 text-lg font-semibold">{title}</h2>
      {notice}
      <dl className="grid grid-cols-[minmax(7rem,auto)_1fr] gap-x-4 gap-y-1.5 text-sm">{children}</dl>
    </section>
  );
}

export function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <dt className="text-slate-500">{label}</dt>
      <dd className="min-w-0 break-words">{children}</dd>
    </>
  );
}
