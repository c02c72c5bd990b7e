"use client";

import { useQuery } from "@tanstack/react-query";
import { Command } from "cmdk";
import { Search } from "lucide-react";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import type { SearchHitDto } from "@/lib/contracts/search";
import { api, unwrap } from "@/lib/api-client";

type Area = "portal" | "admin";

/** Where a hit opens, in the console the user is in. */
function hitHref(h: SearchHitDto, area: Area): string {
  const admin = area === "admin";
  switch (h.kind) {
    case "machine": return `${admin ? "/admin" : ""}/machines/${h.id}`;
    case "ip": return h.machineId ? `${admin ? "/admin" : ""}/machines/${h.machineId}` : admin ? "/admin/networks" : "/ips";
    case "network": return admin ? "/admin/networks" : "/networks";
    case "project": return admin ? "/admin/projects" : "/projects";
  }
}

const groups: { kind: SearchHitDto["kind"]; heading: string }[] = [
  { kind: "machine", heading: "Machines" },
  { kind: "ip", heading: "IP addresses" },
  { kind: "network", heading: "Networks" },
  { kind: "project", heading: "Projects" },
];

/** Typing settles for 200 ms before the server is asked. */
function useDebounced(value: string, ms = 200): string {
  const [v, setV] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setV(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return v;
}

/**
 * ⌘K / Ctrl+K: search hostnames, IPs, machine ids, networks and projects on the server
 * (GET /api/v1/search, which only sees what the user may read), plus the console's pages.
 * cmdk gives the combobox/listbox roles and arrow-key navigation; Enter opens the hit.
 */
export function CommandPalette({ area, pages }: { area: Area; pages: { href: string; label: string }[] }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [text, setText] = useState("");
  const q = useDebounced(text.trim());
  const search = useQuery({
    queryKey: ["search", q],
    queryFn: () => unwrap(api.GET("/api/v1/search", { params: { query: { q } } })),
    enabled: open && q.length >= 2,
    staleTime: 5_000,
  });
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.metaKey || e.ctrlKey) && e.key.toLowerCase() === "k") {
        e.preventDefault();
        setOpen((o) => !o);
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);
  const go = (href: string) => {
    setOpen(false);
    setText("");
    router.push(href);
  };
  const hits = q.length >= 2 ? (search.data?.items ?? []) : [];
  const pageHits = pages.filter((p) => !text.trim() || p.label.toLowerCase().includes(text.trim().toLowerCase()));
  return (
    <>
      <button type="button" onClick={() => setOpen(true)} aria-keyshortcuts="Meta+K Control+K" data-testid="open-search"
        className="inline-flex items-center gap-2 rounded-md border border-slate-300 px-2 py-1.5 text-slate-600 hover:bg-slate-50">
        <Search aria-hidden className="size-4" />
        <span className="hidden lg:inline">Search</span>
        <kbd className="hidden rounded border border-slate-300 px-1 font-sans text-xs text-slate-600 lg:inline">⌘K</kbd>
        <span className="sr-only lg:hidden">Search</span>
      </button>
      <Command.Dialog open={open} onOpenChange={setOpen} label="Search" shouldFilter={false}
        overlayClassName="fixed inset-0 z-40 bg-slate-950/50"
        contentClassName="fixed left-1/2 top-[12vh] z-50 w-[min(36rem,calc(100vw-2rem))] -translate-x-1/2 overflow-hidden rounded-lg border border-slate-200 bg-white shadow-xl">
        <div className="flex items-center gap-2 border-b border-slate-200 px-3">
          <Search aria-hidden className="size-4 text-slate-600" />
          <Command.Input value={text} onValueChange={setText} placeholder="Hostname, IP, machine id, network, project…" aria-label="Search"
            className="w-full bg-transparent py-3 text-sm outline-none placeholder:text-slate-600" />
        </div>
        <Command.List className="max-h-[60vh] overflow-y-auto p-2 text-sm" label="Results">
          {q.length >= 2 && search.isFetching && hits.length === 0 && <Command.Loading label="Searching">Searching…</Command.Loading>}
          {q.length >= 2 && search.isSuccess && hits.length === 0 && pageHits.length === 0 && <Command.Empty className="p-3 text-slate-600">Nothing found for “{q}”.</Command.Empty>}
          {search.isError && <p role="alert" className="p-3 text-red-800">{search.error.message}</p>}
          {groups.map((g) => {
            const items = hits.filter((h) => h.kind === g.kind);
            if (items.length === 0) return null;
            return (
              <Command.Group key={g.kind} heading={g.heading} className="mb-1 [&_[cmdk-group-heading]]:px-2 [&_[cmdk-group-heading]]:py-1 [&_[cmdk-group-heading]]:text-xs [&_[cmdk-group-heading]]:font-medium [&_[cmdk-group-heading]]:text-slate-600">
                {items.map((h) => (
                  <Command.Item key={`${h.kind}-${h.id}`} value={`${h.kind}-${h.id}`} onSelect={() => go(hitHref(h, area))} data-testid="search-hit" data-kind={h.kind}
                    className="flex cursor-default items-baseline justify-between gap-3 rounded px-2 py-1.5 data-[selected=true]:bg-slate-100">
                    <span className="min-w-0 truncate font-medium">{h.label}</span>
                    <span className="shrink-0 truncate text-xs text-slate-600">{h.detail}</span>
                  </Command.Item>
                ))}
              </Command.Group>
            );
          })}
          {pageHits.length > 0 && (
            <Command.Group heading="Go to" className="[&_[cmdk-group-heading]]:px-2 [&_[cmdk-group-heading]]:py-1 [&_[cmdk-group-heading]]:text-xs [&_[cmdk-group-heading]]:font-medium [&_[cmdk-group-heading]]:text-slate-600">
              {pageHits.map((p) => (
                <Command.Item key={p.href} value={`page-${p.href}`} onSelect={() => go(p.href)} className="cursor-default rounded px-2 py-1.5 data-[selected=true]:bg-slate-100">
                  {p.label}
                </Command.Item>
              ))}
            </Command.Group>
          )}
        </Command.List>
        <p className="border-t border-slate-200 px-3 py-2 text-xs text-slate-600">↑↓ to move, Enter to open, Esc to close. Only what you may see is searched.</p>
      </Command.Dialog>
    </>
  );
}
