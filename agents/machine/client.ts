import type { z } from "zod";
import type { MachineEventInput, RegisterMachineInput } from "@/lib/contracts/agent";
import { bootEndpoints } from "@/lib/contracts/endpoints-boot";

/**
 * The agent's only way to the server: typed calls of the boot endpoints (lib/contracts), each
 * request body checked against its contract before sending and each answer validated after.
 * The bearer is the partition boot credential until registration, then the machine credential.
 */
type Endpoint = (typeof bootEndpoints)[keyof typeof bootEndpoints];

export class AgentHttpError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
  }
}

const DEFAULT_TIMEOUT_MS = 30_000;

export class AgentClient {
  constructor(
    readonly apiUrl: string,
    public credential: string,
    private readonly signal?: AbortSignal,
  ) {}

  private async call<S extends z.ZodType>(
    endpoint: Endpoint,
    response: S,
    opts: { id?: string; query?: Record<string, string>; body?: unknown; timeoutMs?: number } = {},
  ): Promise<z.output<S>> {
    const path = endpoint.path.replace("{id}", encodeURIComponent(opts.id ?? ""));
    const url = new URL(this.apiUrl + path);
    for (const [k, v] of Object.entries(opts.query ?? {})) url.searchParams.set(k, v);
    const timeout = AbortSignal.timeout(opts.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    const res = await fetch(url, {
      method: endpoint.method,
      headers: { authorization: `Bearer ${this.credential}`, ...(opts.body === undefined ? {} : { "content-type": "application/json" }) },
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      signal: this.signal ? AbortSignal.any([this.signal, timeout]) : timeout,
    });
    const text = await res.text();
    if (!res.ok) throw problemError(res.status, text, `${endpoint.method} ${path}`);
    const parsed = response.safeParse(text ? JSON.parse(text) : null);
    if (!parsed.success) throw new Error(`${endpoint.method} ${path}: unexpected answer: ${parsed.error.message}`);
    return parsed.data;
  }

  register(input: RegisterMachineInput) {
    const e = bootEndpoints.bootRegister;
    return this.call(e, e.response, { body: e.body.parse(input) });
  }

  /** `generation`: the install the event is about (required for Installing, Booting New Kernel). */
  event(machineId: string, event: MachineEventInput["event"], message?: string, generation?: number) {
    const e = bootEndpoints.bootEvent;
    return this.call(e, e.response, { id: machineId, body: e.body.parse({ event, message, generation }) });
  }

  /** Long poll: the HTTP timeout leaves the server its full wait plus slack. */
  wait(machineId: string, timeoutSeconds: number) {
    const e = bootEndpoints.bootWait;
    return this.call(e, e.response, { id: machineId, query: { timeoutSeconds: String(timeoutSeconds) }, timeoutMs: (timeoutSeconds + 15) * 1000 });
  }

  report(machineId: string, input: z.input<typeof bootEndpoints.bootReport.body>) {
    const e = bootEndpoints.bootReport;
    return this.call(e, e.response, { id: machineId, body: e.body.parse(input) });
  }

  phoneHome(machineId: string) {
    const e = bootEndpoints.bootPhoneHome;
    return this.call(e, e.response, { id: machineId });
  }
}

/** The server refused a message about an install that is no longer the machine's (409 stale_allocation). */
export function isStaleInstall(err: unknown): boolean {
  return err instanceof AgentHttpError && err.status === 409 && err.code === "stale_allocation";
}

function problemError(status: number, text: string, what: string): AgentHttpError {
  let code = "http_error";
  let detail = text.slice(0, 500);
  try {
    const problem = JSON.parse(text) as { code?: string; detail?: string; title?: string };
    code = problem.code ?? code;
    detail = problem.detail ?? problem.title ?? detail;
  } catch {
    // not problem+json: keep the text
  }
  return new AgentHttpError(status, code, `${what}: HTTP ${status} ${detail}`);
}
