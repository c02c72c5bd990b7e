"use client";

import type { BmcCommandDto } from "@/lib/contracts/bmc";
import { Badge } from "@/components/catalog/ui";
import { ErrorState, Loading } from "@/components/ui/states";
import { commandLabel, originLabel, statusTone } from "./bmc-format";
import { Time } from "@/components/ui/time";
import type { useBmcCommandPages } from "./use-bmc";

function CommandRow({ c }: { c: BmcCommandDto }) {
  return (
    <li data-testid="bmc-command" data-command={c.command} data-status={c.status} className="grid gap-0.5 border-t border-slate-100 py-2 first:border-t-0">
      <div className="flex flex-wrap items-baseline gap-x-2">
        <span className="font-medium">{commandLabel(c)}</span>
        <span data-testid="bmc-command-status"><Badge tone={statusTone[c.status]}>{c.status}</Badge></span>
        <span className="text-xs text-slate-500">{originLabel(c.origin)}{c.origin === "user" ? `: ${c.requester}` : ""}</span>
      </div>
      <div className="flex flex-wrap gap-x-3 text-xs text-slate-500">
        <span>asked <Time iso={c.createdAt} /></span>
        {c.finishedAt && <span>finished <Time iso={c.finishedAt} show="relative" /></span>}
        {c.attempts > 0 && <span>{c.attempts} {c.attempts === 1 ? "attempt" : "attempts"}</span>}
        {c.origin !== "user" && <span>requested by {c.requester}</span>}
      </div>
      {c.error && <p data-testid="bmc-command-error" className="break-words text-sm text-red-800">{c.error}</p>}
      {c.note && <p className="break-words text-sm text-slate-600">{c.note}</p>}
    </li>
  );
}

/**
 * The machine's BMC commands, newest first, as they move from queued to succeeded or failed:
 * who asked (a person, or the control plane for a free or reinstall), how often it was tried,
 * and the BMC's own error when it failed. A polite live region announces changes.
 */
export function BmcCommandHistory({ pages }: { pages: ReturnType<typeof useBmcCommandPages> }) {
  const { query, commands } = pages;
  return (
    <section aria-labelledby="bmc-commands-heading" data-testid="bmc-command-history" className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
      <h2 id="bmc-commands-heading" className="mb-2 text-lg font-semibold">BMC commands</h2>
      {query.isPending ? <Loading label="Loading the command history…" />
        : query.isError && commands.length === 0 ? <ErrorState error={query.error} retry={() => query.refetch()} />
        : commands.length === 0 ? <p className="text-sm text-slate-600">No commands yet.</p>
        : <ol aria-live="polite" aria-label="BMC commands, newest first" className="text-sm">{commands.map((c) => <CommandRow key={c.id} c={c} />)}</ol>}
      {query.isFetchNextPageError && <div className="mt-2"><ErrorState error={query.error!} retry={() => query.fetchNextPage()} /></div>}
      {query.hasNextPage && (
        <button onClick={() => query.fetchNextPage()} disabled={query.isFetchingNextPage} className="mt-2 rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm hover:bg-slate-50 disabled:opacity-60">
          {query.isFetchingNextPage ? "Loading…" : "Older commands"}
        </button>
      )}
    </section>
  );
}
