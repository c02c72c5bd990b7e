import type { z } from "zod";
import { switchBootEndpoints } from "@/lib/contracts/endpoints-switches";
import type { RegisterSwitchInput, SwitchStatusInput } from "@/lib/contracts/switches";
import { AgentHttpError } from "../machine/client";

/**
 * The switch agent's only way to the server: the switch endpoints of the boot protocol, bodies
 * checked against the contract before sending and answers validated after. The bearer is the
 * partition boot credential until registration, then the switch credential.
 */
type Endpoint = (typeof switchBootEndpoints)[keyof typeof switchBootEndpoints];

export class SwitchClient {
  constructor(readonly apiUrl: string, public credential: string, private readonly signal?: AbortSignal) {}

  private async call<S extends z.ZodType>(e: Endpoint, response: S, opts: { id?: string; query?: Record<string, string>; body?: unknown; timeoutMs?: number } = {}): Promise<z.output<S>> {
    const path = e.path.replace("{id}", encodeURIComponent(opts.id ?? ""));
    const url = new URL(this.apiUrl + path);
    for (const [k, v] of Object.entries(opts.query ?? {})) url.searchParams.set(k, v);
    const timeout = AbortSignal.timeout(opts.timeoutMs ?? 30_000);
    const res = await fetch(url, {
      method: e.method,
      headers: { authorization: `Bearer ${this.credential}`, ...(opts.body === undefined ? {} : { "content-type": "application/json" }) },
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      signal: this.signal ? AbortSignal.any([this.signal, timeout]) : timeout,
    });
    const text = await res.text();
    if (!res.ok) {
      let problem: { code?: string; detail?: string; title?: string } = {};
      try {
        problem = JSON.parse(text);
      } catch {
        // not problem+json (a proxy in between): the status says enough
      }
      throw new AgentHttpError(res.status, problem.code ?? "", `${e.method} ${path}: ${res.status} ${problem.detail ?? problem.title ?? text.slice(0, 200)}`);
    }
    const parsed = response.safeParse(text ? JSON.parse(text) : null);
    if (!parsed.success) throw new Error(`${e.method} ${path}: unexpected answer: ${parsed.error.message}`);
    return parsed.data;
  }

  register(input: z.input<typeof switchBootEndpoints.bootRegisterSwitch.body>) {
    const e = switchBootEndpoints.bootRegisterSwitch;
    return this.call(e, e.response, { body: e.body.parse(input) satisfies RegisterSwitchInput });
  }

  /** Long poll: the HTTP timeout leaves the server its full wait plus slack. */
  desired(id: string, known: string | null, timeoutSeconds: number) {
    const e = switchBootEndpoints.bootSwitchDesired;
    const query: Record<string, string> = { timeoutSeconds: String(timeoutSeconds), ...(known ? { known } : {}) };
    return this.call(e, e.response, { id, query, timeoutMs: (timeoutSeconds + 15) * 1000 });
  }

  status(id: string, input: z.input<typeof switchBootEndpoints.bootSwitchStatus.body>) {
    const e = switchBootEndpoints.bootSwitchStatus;
    return this.call(e, e.response, { id, body: e.body.parse(input) satisfies SwitchStatusInput });
  }
}
