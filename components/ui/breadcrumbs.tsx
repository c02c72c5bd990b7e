import Link from "next/link";
import { ChevronRight } from "lucide-react";

/** "Machines › web-1": where the page sits, the last crumb is the page itself. */
export function Breadcrumbs({ items }: { items: { href?: string; label: string }[] }) {
  return (
    <nav aria-label="Breadcrumb" className="mb-2 text-sm">
      <ol className="flex flex-wrap items-center gap-1 text-slate-600">
        {items.map((item, i) => (
          <li key={i} className="inline-flex items-center gap-1">
            {i > 0 && <ChevronRight aria-hidden className="size-3.5 text-slate-500" />}
            {item.href && i < items.length - 1
              ? <Link href={item.href} className="hover:text-slate-900 hover:underline">{item.label}</Link>
              : <span aria-current="page" className="font-medium text-slate-900">{item.label}</span>}
          </li>
        ))}
      </ol>
    </nav>
  );
}
