"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

/** Section tabs; they scroll sideways on a narrow screen instead of wrapping into a mess. */
export function NavLinks({ items, label }: { items: { href: string; label: string }[]; label: string }) {
  const pathname = usePathname();
  return (
    <nav aria-label={label} className="-mb-px flex gap-4 overflow-x-auto text-sm">
      {items.map((item) => {
        // An area's home ("/", "/admin") is active only on itself, not under every page of the area.
        const home = item.href === "/" || item.href === "/admin";
        const active = pathname === item.href || (!home && pathname.startsWith(item.href + "/"));
        return (
          <Link
            key={item.href}
            href={item.href}
            aria-current={active ? "page" : undefined}
            className={`whitespace-nowrap border-b-2 px-1 pb-2 ${active ? "border-brand-600 font-medium text-brand-700" : "border-transparent text-slate-600 hover:text-slate-900"}`}
          >
            {item.label}
          </Link>
        );
      })}
    </nav>
  );
}
