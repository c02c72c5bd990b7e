"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { machineStreamEventDto } from "@/lib/contracts/machines";
import { partitionKeys } from "@/components/catalog/keys";
import { machineKeys } from "./keys";
import { switchKeys } from "@/components/admin/use-switches";

export type StreamStatus = "connecting" | "live" | "offline";

/** Events of one burst (eight machines booting at once) become one round of refetches. */
const BATCH_MS = 150;
/** After the server refused the stream (logged out, say), try again this much later. */
const RECONNECT_MS = 15_000;

/**
 * Live machine updates: one EventSource on GET /api/v1/machines/stream (it only carries
 * machines the user may read) that invalidates the lists, the changed machines' queries and
 * partition capacity. Pages call it once and use `refetchInterval` for their queries: a slow
 * fallback while live, a faster one while the stream is down.
 */
export function useMachineStream(): { status: StreamStatus; refetchInterval: number } {
  const qc = useQueryClient();
  const [status, setStatus] = useState<StreamStatus>("connecting");

  useEffect(() => {
    let source: EventSource | null = null;
    let batch: ReturnType<typeof setTimeout> | null = null;
    let retry: ReturnType<typeof setTimeout> | null = null;
    const changed = new Set<string>();

    const flush = () => {
      batch = null;
      void qc.invalidateQueries({ queryKey: machineKeys.lists });
      void qc.invalidateQueries({ queryKey: partitionKeys.capacityAll });
      for (const id of changed) void qc.invalidateQueries({ queryKey: machineKeys.detail(id) });
      changed.clear();
    };
    const disconnect = () => {
      source?.close();
      source = null;
      if (retry) clearTimeout(retry);
      retry = null;
    };
    const connect = () => {
      disconnect();
      source = new EventSource("/api/v1/machines/stream");
      source.addEventListener("open", () => {
        setStatus("live");
        // Whatever changed while the stream was down (or before it opened) is fetched again.
        void qc.invalidateQueries({ queryKey: machineKeys.all });
      });
      source.addEventListener("machine", (e) => {
        const parsed = machineStreamEventDto.safeParse(parseJson((e as MessageEvent<string>).data));
        if (!parsed.success) return;
        changed.add(parsed.data.machineId);
        batch ??= setTimeout(flush, BATCH_MS);
      });
      // The server's database listener was lost and is back: changes in between were missed.
      source.addEventListener("resync", () => {
        void qc.invalidateQueries({ queryKey: machineKeys.all });
        void qc.invalidateQueries({ queryKey: partitionKeys.capacityAll });
        void qc.invalidateQueries({ queryKey: switchKeys.all });
      });
      source.addEventListener("switch", () => {
        // Operators only (the server sends none to others): the switch pages refetch.
        void qc.invalidateQueries({ queryKey: switchKeys.all });
      });
      source.addEventListener("error", () => {
        // CONNECTING: EventSource retries by itself. CLOSED: the server said no; we retry later.
        if (source?.readyState !== EventSource.CLOSED) return setStatus("connecting");
        setStatus("offline");
        source = null;
        retry = setTimeout(connect, RECONNECT_MS);
      });
    };
    // A hidden tab lets go of its stream: browsers allow only six HTTP/1.1 connections per site,
    // and each open stream holds one. Coming back reconnects, and "open" refetches what changed.
    const onVisibility = () => {
      if (document.visibilityState === "hidden") {
        disconnect();
        setStatus("connecting");
      } else if (!source) connect();
    };
    if (document.visibilityState !== "hidden") connect();
    document.addEventListener("visibilitychange", onVisibility);
    return () => {
      document.removeEventListener("visibilitychange", onVisibility);
      disconnect();
      if (batch) clearTimeout(batch);
    };
  }, [qc]);

  return { status, refetchInterval: status === "live" ? 60_000 : 15_000 };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
