import Link from "next/link";
import type { Activity } from "@/lib/services/overview";
import { Time } from "@/components/ui/time";

/** Recent audit entries in one line each: who, what, on what, when (ticking). */
export function ActivityList({ items, link }: { items: Activity[]; link?: string }) {
  if (items.length === 0) return <p className="text-sm text-slate-600">Nothing has happened here yet.</p>;
  return (
    <>
      <ol className="grid gap-2 text-sm" data-testid="activity">
        {items.map((a) => (
          <li key={a.id} className="flex flex-wrap items-baseline justify-between gap-x-3">
            <span className="min-w-0 break-words"><span className="font-medium">{a.actor || "system"}</span> <span className="font-mono text-xs">{a.action}</span> <span className="text-slate-600">{a.targetType}</span></span>
            <Time iso={a.time} show="relative" className="text-xs text-slate-600" />
          </li>
        ))}
      </ol>
      {link && <p className="mt-3 text-sm"><Link href={link} className="text-brand-700 hover:underline">Full audit log</Link></p>}
    </>
  );
}

/** A titled card of the overview pages. */
export function Panel({ title, children, className, testId }: { title: string; children: React.ReactNode; className?: string; testId?: string }) {
  return (
    <section aria-label={title} data-testid={testId} className={`rounded-lg border border-slate-200 bg-white p-4 shadow-sm ${className ?? ""}`}>
      <h2 className="mb-3 text-lg font-semibold">{title}</h2>
      {children}
    </section>
  );
}

/** A big number with its label and an optional link. */
export function Stat({ label, value, href, tone }: { label: string; value: number; href?: string; tone?: "red" }) {
  const body = (
    <>
      <div className={`text-2xl font-semibold tabular-nums ${tone === "red" && value > 0 ? "text-red-700" : ""}`}>{value.toLocaleString("en")}</div>
      <div className="text-sm text-slate-600">{label}</div>
    </>
  );
  return (
    <div data-testid="stat" className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
      {href ? <Link href={href} className="block hover:underline">{body}</Link> : body}
    </div>
  );
}
