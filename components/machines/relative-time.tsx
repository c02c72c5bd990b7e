"use client";

import { useEffect, useState } from "react";
import { formatAge, formatTime } from "./format";

/** The current time, advancing every `everyMs`, so "12 s ago" does not freeze between refetches. */
export function useNow(everyMs = 5_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}

/** "3 min ago", with the exact time on hover (and for screen readers, in dateTime). */
export function RelativeTime({ iso, now }: { iso: string; now: number }) {
  return <time dateTime={iso} title={formatTime(iso)}>{formatAge(iso, now)} ago</time>;
}
