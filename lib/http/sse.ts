/**
 * Server-Sent Events responses for route handlers (returned through withApi like any Response).
 *
 * - `Cache-Control: no-transform`: Next's gzip middleware would otherwise buffer the stream and
 *   nothing would reach the browser until it closed; `X-Accel-Buffering: no` does the same for
 *   nginx-style proxies in front of the app.
 * - A comment line every `heartbeatMs` keeps proxies from timing the connection out and lets the
 *   server notice a vanished client (the write fails, the stream is cancelled).
 * - The stream ends after `maxDurationMs`; EventSource reconnects after `retry`, which re-checks
 *   the caller's session and roles, so a revoked token cannot keep a stream open for long.
 */
export type SseSend<T> = (data: T) => void;
/** `event`: the event name of every message, or per message (one stream carrying several kinds). */
export type SseOptions<T = unknown> = { event: string | ((data: T) => string); heartbeatMs?: number; maxDurationMs?: number; retryMs?: number };
/** Sends an event of another name (e.g. "resync": the client re-reads everything). */
export type SseEmit = (event: string, data: unknown) => void;
/** Starts the source; returns its close function. `end` ends the stream from the source's side. */
export type SseSource<T> = (send: SseSend<T>, end: () => void, emit: SseEmit) => Promise<() => void>;

/** The process's open streams, so a graceful shutdown can end them with a reconnect hint. */
const g = globalThis as unknown as { __sseStreams?: Set<(retryMs: number) => void> };
const openStreams = () => (g.__sseStreams ??= new Set());

/** Shutdown: every open stream gets `retry: retryMs` and ends; EventSource reconnects (to another replica). */
export function closeAllStreams(retryMs = 1000): number {
  const all = [...openStreams()];
  for (const close of all) close(retryMs);
  return all.length;
}

export const SSE_HEADERS = {
  "content-type": "text/event-stream; charset=utf-8",
  "cache-control": "no-cache, no-transform",
  "x-accel-buffering": "no",
};

export async function sseResponse<T>(signal: AbortSignal, source: SseSource<T>, o: SseOptions<T>): Promise<Response> {
  const encoder = new TextEncoder();
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let closed = false;
  let closeSource: (() => void) | null = null;
  const timers: ReturnType<typeof setTimeout>[] = [];
  const write = (text: string) => {
    if (closed) return;
    try {
      controller.enqueue(encoder.encode(text));
    } catch {
      end();
    }
  };
  const closeWithRetry = (retryMs: number) => {
    write(`retry: ${retryMs}\n\n`);
    end();
  };
  function end() {
    if (closed) return;
    openStreams().delete(closeWithRetry);
    closed = true;
    timers.forEach(clearTimeout);
    signal.removeEventListener("abort", end);
    closeSource?.();
    try {
      controller.close();
    } catch {
      // already closed or cancelled by the client
    }
  }
  const body = new ReadableStream<Uint8Array>({
    start: (c) => void (controller = c),
    cancel: () => end(),
  });
  write(`retry: ${o.retryMs ?? 3000}\n: connected\n\n`);
  // Opening can fail (no database listener): then withApi answers with a problem document.
  const emit: SseEmit = (event, data) => write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  const eventOf = (data: T) => (typeof o.event === "function" ? o.event(data) : o.event);
  const close = await source((data) => emit(eventOf(data), data), end, emit);
  if (closed) close();
  else {
    closeSource = close;
    openStreams().add(closeWithRetry);
  }
  timers.push(setInterval(() => write(": heartbeat\n\n"), o.heartbeatMs ?? 15_000));
  timers.push(setTimeout(end, o.maxDurationMs ?? 5 * 60_000));
  if (signal.aborted) end();
  else signal.addEventListener("abort", end, { once: true });
  return new Response(body, { status: 200, headers: SSE_HEADERS });
}
