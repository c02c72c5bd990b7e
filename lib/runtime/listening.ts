/**
 * The server (scripts/serve.ts) tells start-up work in instrumentation (lib/runtime/boot.ts)
 * when both listeners accept connections. Next.js runs instrumentation while preparing, before
 * the server listens; work that needs the listeners (the embedded lab PXE-booting against the
 * boot listener) waits for this instead of retrying against a closed port. Kept on globalThis:
 * the server and instrumentation are separate module graphs in one process. Under a server that
 * never signals (`next start`), nothing that needs the boot listener starts.
 */
export type ListeningInfo = { publicUrl: string; bootUrl: string };
type Signal = { promise: Promise<ListeningInfo>; resolve: (info: ListeningInfo) => void };

const g = globalThis as unknown as { __metalListening?: Signal };

function signal(): Signal {
  if (!g.__metalListening) {
    let resolve!: (info: ListeningInfo) => void;
    const promise = new Promise<ListeningInfo>((r) => (resolve = r));
    g.__metalListening = { promise, resolve };
  }
  return g.__metalListening;
}

export function signalListening(info: ListeningInfo): void {
  signal().resolve(info);
}

export function whenListening(): Promise<ListeningInfo> {
  return signal().promise;
}
