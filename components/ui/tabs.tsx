"use client";

import * as TabsPrimitive from "@radix-ui/react-tabs";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import type { ReactNode } from "react";

/**
 * Tabs on Radix (arrow keys move between tabs, roles and aria wired). The open tab is in the
 * URL (?tab=network), so a reload, a shared link and the back button keep it.
 */
export function Tabs({ tabs, defaultTab, label }: { tabs: { id: string; label: string; content: ReactNode }[]; defaultTab?: string; label: string }) {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const requested = params.get("tab");
  const value = tabs.some((t) => t.id === requested) ? requested! : (defaultTab ?? tabs[0]?.id);
  return (
    <TabsPrimitive.Root
      value={value}
      onValueChange={(v) => {
        const next = new URLSearchParams(params);
        next.set("tab", v);
        router.replace(`${pathname}?${next}`, { scroll: false });
      }}
    >
      <TabsPrimitive.List aria-label={label} className="mb-4 flex gap-1 overflow-x-auto border-b border-slate-200">
        {tabs.map((t) => (
          <TabsPrimitive.Trigger key={t.id} value={t.id}
            className="-mb-px whitespace-nowrap border-b-2 border-transparent px-3 py-2 text-sm text-slate-600 hover:text-slate-900 data-[state=active]:border-brand-600 data-[state=active]:font-medium data-[state=active]:text-brand-700">
            {t.label}
          </TabsPrimitive.Trigger>
        ))}
      </TabsPrimitive.List>
      {tabs.map((t) => (
        <TabsPrimitive.Content key={t.id} value={t.id} className="min-w-0">
          {t.content}
        </TabsPrimitive.Content>
      ))}
    </TabsPrimitive.Root>
  );
}
