import type { Command } from "commander";
import { type MetalClient, unwrap } from "@/sdk";
import { parseDuration } from "../duration";
import { CliError } from "../exit";
import { act } from "../run";
import { dim } from "../style";
import { views } from "../views";

type Machine = Awaited<ReturnType<typeof getMachine>>;

function getMachine(api: MetalClient, id: string) {
  return unwrap(api.GET("/api/v1/machines/{id}", { params: { path: { id } } }));
}

/**
 * Calls `onChange(id)` for every machine change the API announces on its event stream
 * (GET /machines/stream, reconnecting when the server ends it), until the signal aborts.
 */
async function followStream(api: MetalClient, signal: AbortSignal, onConnected: () => void, onChange: (id: string) => void): Promise<void> {
  while (!signal.aborted) {
    try {
      const { data, response } = await api.GET("/api/v1/machines/stream", { parseAs: "stream", signal });
      if (!response.ok || !data) throw new Error(`stream answered ${response.status}`);
      // The server subscribes before it answers: from here on no change goes unannounced.
      onConnected();
      const reader = data.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = "";
      for (let r = await reader.read(); !r.done; r = await reader.read()) {
        buffer += r.value;
        const events = buffer.split("\n\n");
        buffer = events.pop() ?? "";
        for (const e of events) {
          const line = e.split("\n").find((l) => l.startsWith("data:"));
          if (!line) continue;
          try {
            onChange((JSON.parse(line.slice(5)) as { machineId: string }).machineId);
          } catch {
            // a comment or an event of another shape: not ours
          }
        }
      }
    } catch {
      if (signal.aborted) return;
      // The stream broke: the periodic check still runs; reconnect after a pause.
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
}

/**
 * Waits until every machine is in the wanted state: checks once the event stream is connected
 * (or after 2 s without it), then again whenever the stream announces a change of one of them or
 * reconnects, and every 10 s in any case (a missed event cannot make it hang). Fails early when a
 * machine gets stuck (its state outlived its timeout).
 */
async function waitFor(api: MetalClient, ids: string[], want: string, timeoutMs: number): Promise<Machine[]> {
  const latest = new Map<string, Machine>();
  const stop = new AbortController();
  let wake: () => void = () => {};
  const dirty = new Set(ids);
  const deadline = Date.now() + timeoutMs;
  let connected: () => void = () => {};
  const firstConnect = new Promise<void>((resolve) => (connected = resolve));
  void followStream(api, stop.signal, () => {
    connected();
    ids.forEach((id) => dirty.add(id));
    wake();
  }, (id) => {
    if (ids.includes(id)) {
      dirty.add(id);
      wake();
    }
  });
  try {
    await Promise.race([firstConnect, new Promise((r) => setTimeout(r, 2000).unref())]);
    for (;;) {
      for (const id of [...dirty]) {
        dirty.delete(id);
        const m = await getMachine(api, id);
        if (latest.get(id)?.state !== m.state) process.stderr.write(dim(`${m.allocation?.hostname || id}: ${m.state}\n`));
        latest.set(id, m);
        if (m.state !== want && m.failed) throw new CliError(`${m.allocation?.hostname || id} is stuck in ${m.state}: ${m.failed.reason}`);
      }
      if (ids.every((id) => latest.get(id)?.state === want)) return ids.map((id) => latest.get(id)!);
      const left = deadline - Date.now();
      if (left <= 0) {
        const pending = ids.filter((id) => latest.get(id)?.state !== want).map((id) => `${latest.get(id)?.allocation?.hostname || id} (${latest.get(id)?.state})`);
        throw new CliError(`timed out after ${Math.round(timeoutMs / 1000)} s waiting for "${want}": ${pending.join(", ")}`);
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          ids.forEach((id) => dirty.add(id));
          resolve();
        }, Math.min(left, 10_000));
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
        if (dirty.size) wake();
      });
    }
  } finally {
    stop.abort();
  }
}

export function registerMachineWait(machine: Command): void {
  machine.command("wait <id...>")
    .description('wait until machines reach a provisioning state (default "Phoned Home"), following the live event stream')
    .option("--for <state>", "the state to wait for", "Phoned Home")
    .option("--timeout <duration>", "give up after this long (exit 1), e.g. 30s, 5m", "5m")
    .action(act<{ for: string; timeout: string }>(async ({ args, opts, client, print }) => {
      const machines = await waitFor(client(), args, opts.for, parseDuration(opts.timeout));
      print({ list: machines }, views.machine);
    }));
}
