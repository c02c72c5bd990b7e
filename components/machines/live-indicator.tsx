import type { StreamStatus } from "./use-machine-stream";

const labels: Record<StreamStatus, { text: string; dot: string; hint: string }> = {
  live: { text: "Live", dot: "bg-green-500", hint: "Changes appear as they happen." },
  connecting: { text: "Connecting…", dot: "bg-amber-400", hint: "Live updates are reconnecting; the page refreshes every 15 s meanwhile." },
  offline: { text: "Not live", dot: "bg-slate-400", hint: "Live updates are unavailable; the page refreshes every 15 s." },
};

/** Whether the page updates by itself right now, for the page header. */
export function LiveIndicator({ status }: { status: StreamStatus }) {
  const l = labels[status];
  return (
    <span role="status" title={l.hint} data-testid="live-status" data-status={status} className="inline-flex items-center gap-1.5 text-xs text-slate-600">
      <span aria-hidden className={`inline-block size-2 rounded-full ${l.dot}`} />
      {l.text}
    </span>
  );
}
