"use client";

import * as DropdownMenu from "@radix-ui/react-dropdown-menu";
import { ChevronDown } from "lucide-react";
import type { ReactNode } from "react";
import { secondaryButton } from "./buttons";

export type MenuItem = { label: string; onSelect: () => void; disabled?: boolean; danger?: boolean; hint?: string };

/** An actions menu on Radix DropdownMenu: keyboard and screen-reader ready, disabled items say so. */
export function ActionsMenu({ label, items, icon }: { label: string; items: MenuItem[]; icon?: ReactNode }) {
  return (
    <DropdownMenu.Root modal={false}>
      <DropdownMenu.Trigger className={secondaryButton}>
        {icon}{label}<ChevronDown aria-hidden className="size-4" />
      </DropdownMenu.Trigger>
      <DropdownMenu.Portal>
        <DropdownMenu.Content align="end" sideOffset={4} className="z-50 min-w-48 rounded-md border border-slate-200 bg-white p-1 text-sm shadow-lg">
          {items.map((item) => (
            <DropdownMenu.Item key={item.label} disabled={item.disabled} onSelect={item.onSelect}
              className={`cursor-default rounded px-2 py-1.5 outline-none data-[disabled]:opacity-50 data-[highlighted]:bg-slate-100 ${item.danger ? "text-red-700" : ""}`}>
              {item.label}
              {item.hint && <span className="block text-xs text-slate-500">{item.hint}</span>}
            </DropdownMenu.Item>
          ))}
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
  );
}
