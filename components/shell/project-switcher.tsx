"use client";

import * as Popover from "@radix-ui/react-popover";
import { Command } from "cmdk";
import { Check, ChevronsUpDown } from "lucide-react";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";

export const PROJECT_COOKIE = "metal-project";

type Option = { id: string; tenant: string; name: string; role: string };

/**
 * The current project, remembered in a cookie so that every portal page opens in the project
 * the user last chose. A searchable list grouped by tenant (cmdk in a Radix popover): type to
 * narrow, arrows to move, Enter to switch.
 */
export function ProjectSwitcher({ projects }: { projects: Option[] }) {
  const router = useRouter();
  const [current, setCurrent] = useState<string>("");
  const [open, setOpen] = useState(false);
  useEffect(() => {
    const m = document.cookie.match(new RegExp(`(?:^|; )${PROJECT_COOKIE}=([^;]*)`));
    const saved = m ? decodeURIComponent(m[1]) : "";
    setCurrent(projects.some((p) => p.id === saved) ? saved : (projects[0]?.id ?? ""));
  }, [projects]);
  if (projects.length === 0) return <span className="text-slate-600">No projects yet</span>;
  const chosen = projects.find((p) => p.id === current);
  const tenants = [...new Set(projects.map((p) => p.tenant))].sort();
  function choose(id: string) {
    setCurrent(id);
    setOpen(false);
    document.cookie = `${PROJECT_COOKIE}=${encodeURIComponent(id)}; path=/; max-age=31536000; samesite=lax`;
    router.refresh();
  }
  return (
    <div className="flex min-w-0 items-center gap-2">
      <Popover.Root open={open} onOpenChange={setOpen}>
        <Popover.Trigger aria-label={`Current project: ${chosen ? `${chosen.tenant} / ${chosen.name}` : "none"}`} data-testid="project-switcher"
          className="inline-flex w-28 min-w-0 items-center justify-between gap-1 rounded-md border border-slate-300 bg-white px-2 py-1.5 text-left sm:w-auto sm:max-w-64">
          <span className="truncate">{chosen ? <><span className="hidden text-slate-600 sm:inline">{chosen.tenant} / </span>{chosen.name}</> : "Choose a project"}</span>
          <ChevronsUpDown aria-hidden className="size-4 shrink-0 text-slate-600" />
        </Popover.Trigger>
        <Popover.Portal>
          <Popover.Content align="end" sideOffset={4} className="z-50 w-72 rounded-md border border-slate-200 bg-white shadow-lg">
            <Command label="Find a project" loop>
              <Command.Input placeholder="Find a project…" aria-label="Find a project" className="w-full border-b border-slate-200 bg-transparent px-3 py-2 text-sm outline-none placeholder:text-slate-600" />
              <Command.List className="max-h-72 overflow-y-auto p-1 text-sm" label="Projects">
                <Command.Empty className="p-2 text-slate-600">No project matches.</Command.Empty>
                {tenants.map((t) => (
                  <Command.Group key={t} heading={t} className="[&_[cmdk-group-heading]]:px-2 [&_[cmdk-group-heading]]:pt-2 [&_[cmdk-group-heading]]:text-xs [&_[cmdk-group-heading]]:font-medium [&_[cmdk-group-heading]]:text-slate-600">
                    {projects.filter((p) => p.tenant === t).map((p) => (
                      <Command.Item key={p.id} value={`${p.tenant} / ${p.name}`} onSelect={() => choose(p.id)} data-testid="project-option"
                        className="flex cursor-default items-center justify-between gap-2 rounded px-2 py-1.5 data-[selected=true]:bg-slate-100">
                        <span className="inline-flex items-center gap-1.5">
                          <Check aria-hidden className={`size-4 ${p.id === current ? "" : "invisible"}`} />
                          {p.name}
                        </span>
                        <span className="text-xs text-slate-600">{p.role}</span>
                      </Command.Item>
                    ))}
                  </Command.Group>
                ))}
              </Command.List>
            </Command>
          </Popover.Content>
        </Popover.Portal>
      </Popover.Root>
      {chosen?.role && <span className="hidden rounded bg-brand-50 px-2 py-0.5 text-xs font-medium text-brand-700 sm:inline" data-testid="project-role">{chosen.role}</span>}
    </div>
  );
}
