"use client";

import { useEffect, useState, useSyncExternalStore } from "react";
import { formatAbsolute, formatDate, formatRelative, tickInterval } from "@/lib/domain/time/format";

/*
 * One clock for the whole page: every <Time> subscribes, a single timer ticks each second while
 * any is mounted. The server snapshot is null, so server HTML and the first client render agree
 * (no hydration mismatch on "3 s ago") and the relative part appears right after hydration.
 */
const listeners = new Set<() => void>();
let now = Date.now();
let timer: ReturnType<typeof setInterval> | null = null;
function subscribe(fn: () => void) {
  listeners.add(fn);
  if (!timer) timer = setInterval(() => { now = Date.now(); listeners.forEach((l) => l()); }, 1_000);
  return () => {
    listeners.delete(fn);
    if (listeners.size === 0 && timer) { clearInterval(timer); timer = null; }
  };
}

/** The current time in ms, re-rendering the caller every `everyMs` (rounded to the shared 1 s tick). */
export function useNow(everyMs = 1_000): number | null {
  const tick = useSyncExternalStore(subscribe, () => Math.floor(now / everyMs), () => null);
  return tick === null ? null : now;
}

/** The browser's zone, read after mount (the server has no idea where the reader is). */
function useTimeZone(): string | undefined {
  const [zone, setZone] = useState<string | undefined>("UTC");
  useEffect(() => setZone(Intl.DateTimeFormat().resolvedOptions().timeZone), []);
  return zone;
}

/**
 * A moment in time, the same way everywhere: "4 Dec 2026, 23:13:05 CET · 3 min ago". The
 * relative part ticks (every second while it shows seconds). `show` picks one part where
 * space is short; the other is still in the title, and dateTime carries the exact instant.
 */
export function Time({ iso, show = "both", empty = "—", className }: {
  iso: string | null | undefined;
  show?: "both" | "absolute" | "relative" | "date";
  empty?: string;
  className?: string;
}) {
  const zone = useTimeZone();
  const every = iso && show !== "absolute" && show !== "date" ? tickInterval(iso, Date.now()) : 60_000;
  const current = useNow(every);
  if (!iso) return <span className={className}>{empty}</span>;
  const absolute = show === "date" ? formatDate(iso, { timeZone: zone }) : formatAbsolute(iso, { timeZone: zone });
  const relative = current === null ? "" : formatRelative(iso, current);
  const text = show === "both" ? (relative ? `${absolute} · ${relative}` : absolute) : show === "relative" ? relative || absolute : absolute;
  return (
    <time dateTime={iso} title={show === "relative" || show === "date" ? formatAbsolute(iso, { timeZone: zone }) : relative} className={className} suppressHydrationWarning>
      {text}
    </time>
  );
}
