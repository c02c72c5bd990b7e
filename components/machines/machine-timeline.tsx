import type { UseQueryResult } from "@tanstack/react-query";
import Link from "next/link";
import type { ReactNode } from "react";
import { ErrorState, Loading } from "@/components/ui/states";
import { Badge } from "@/components/catalog/ui";
import { Time } from "@/components/ui/time";
import type { MachineEvent } from "./use-machines";

/** "+1.2 s" after the event before it: where the time of a provisioning went. */
function gap(event: MachineEvent, previous: MachineEvent | undefined): string | null {
  if (!previous) return null;
  const ms = new Date(event.time).getTime() - new Date(previous.time).getTime();
  if (ms < 0) return null;
  return ms < 60_000 ? `+${(ms / 1000).toFixed(1)} s` : `+${Math.round(ms / 60_000)} min`;
}

/**
 * The provisioning history, newest first, as it arrives. Unexpected events (an invalid
 * transition: crash-loop evidence) are marked. A polite live region announces new entries.
 */
export function MachineTimeline({ events, title = "Provisioning timeline", limit, more }: { events: MachineEvent[]; title?: string; limit?: number; more?: ReactNode }) {
  const shown = limit ? events.slice(0, limit) : events;
  return (
    <section aria-labelledby="timeline-heading" className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
      <h2 id="timeline-heading" className="mb-3 text-lg font-semibold">{title}</h2>
      {events.length === 0 ? <p className="text-sm text-slate-600">No events yet.</p> : (
        <ol aria-live="polite" aria-label={title} className="relative grid gap-3 border-l border-slate-200 pl-4">
          {shown.map((e, i) => (
            <li key={`${e.time}-${e.event}-${i}`} data-testid="timeline-event" data-event={e.event} className="relative">
              <span aria-hidden className={`absolute -left-[1.3rem] top-1.5 size-2.5 rounded-full ${e.unexpected ? "bg-red-500" : i === 0 ? "bg-brand-600" : "bg-slate-300"}`} />
              <div className="flex flex-wrap items-baseline gap-x-2">
                <span className={`font-medium ${i === 0 ? "text-slate-900" : "text-slate-700"}`} data-testid="timeline-event-name">{e.event}</span>
                {e.unexpected && <Badge tone="red">unexpected</Badge>}
                <Time iso={e.time} show="absolute" className="text-xs text-slate-500" />
                {gap(e, events[i + 1]) && <span className="text-xs text-slate-600">{gap(e, events[i + 1])}</span>}
              </div>
              {e.message && <p className="mt-0.5 break-words text-sm text-slate-600">{e.message}</p>}
            </li>
          ))}
        </ol>
      )}
      {limit && events.length > limit && more}
    </section>
  );
}

/**
 * The event log of a machine page from its query: skeleton, error with retry, or the timeline
 * (`limit` newest with a link to the Events tab, or all of them there).
 */
export function MachineEventsSlot({ events, limit, recentTitle, loadingLabel }: {
  events: UseQueryResult<{ items: MachineEvent[] }>;
  limit?: number;
  recentTitle: string;
  loadingLabel: string;
}) {
  if (events.isPending) return <Loading label={loadingLabel} />;
  if (events.isError) return <ErrorState error={events.error} retry={() => events.refetch()} />;
  return (
    <MachineTimeline events={events.data.items} title={limit ? recentTitle : "Event log"} limit={limit}
      more={<p className="mt-3 text-sm"><Link href="?tab=events" className="text-brand-700 hover:underline">All {events.data.items.length} events</Link></p>} />
  );
}
