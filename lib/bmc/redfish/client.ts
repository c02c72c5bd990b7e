import { setTimeout as sleep } from "node:timers/promises";
import { z } from "zod";
import { BmcError, type BmcConnection } from "../driver";
import { parseRedfishAddress } from "./address";
import { RedfishAuth } from "./auth";
import { redactError, statusError } from "./errors";
import { parseResource, taskOutcome } from "./parse";
import { serviceRootSchema } from "./schemas";
import { type HttpAnswer, Transport } from "./transport";

/**
 * Authenticated Redfish requests for one BMC: JSON in and out, errors as BmcError, task
 * monitors followed (202 + Location), ETags kept per resource and sent as If-Match once the
 * BMC has asked for them (412/428), a redirect to another scheme/port remembered for later
 * requests. Nothing here logs; error messages carry no password (never put into one) and no
 * session token or basic credential (replaced where a BMC echoed one).
 */
export type RedfishDoc<T> = { url: string; data: T; etag: string | null };
export type ServiceRoot = z.infer<typeof serviceRootSchema>;

const servicePath = "/redfish/v1/";
/** A task (a reset, a PATCH applied later) gets this long before the driver gives up. */
const taskDeadlineMs = 120_000;

export class RedfishClient {
  private origin: string;
  private readonly transport: Transport;
  private readonly auth: RedfishAuth;
  private readonly timeoutMs: number;
  private rootDoc: Promise<ServiceRoot> | null = null;
  private readonly etags = new Map<string, string>();
  private etagRequired = false;
  private closed: Promise<void> | null = null;

  constructor(conn: BmcConnection) {
    this.origin = parseRedfishAddress(conn.address);
    this.timeoutMs = conn.timeoutMs ?? 15_000;
    this.transport = new Transport(this.timeoutMs, conn.insecureTls === true);
    this.auth = new RedfishAuth(this.transport, conn.user, conn.password, async () => {
      const root = await this.root();
      const sessions = root.Links?.Sessions?.["@odata.id"] ?? (root.SessionService ? "/redfish/v1/SessionService/Sessions" : null);
      return sessions ? this.url(sessions) : null;
    });
  }

  url(path: string): string {
    return new URL(path, this.origin).toString();
  }

  /** The service root: readable without credentials per DSP0266, with basic auth for BMCs that disagree. */
  root(): Promise<ServiceRoot> {
    this.rootDoc ??= (async () => {
      const url = this.url(servicePath);
      let answer = await this.send({ method: "GET", url });
      if (answer.status === 401) answer = await this.send({ method: "GET", url, headers: { authorization: this.auth.basicHeader } });
      return parseResource(serviceRootSchema, this.json(await this.settle(answer, `GET ${url}`), true), url);
    })().catch((err: unknown) => {
      this.rootDoc = null;
      throw err;
    });
    return this.rootDoc;
  }

  async get<T>(path: string, schema: z.ZodType<T>): Promise<RedfishDoc<T>> {
    const url = this.url(path);
    const answer = await this.settle(await this.call("GET", url), `GET ${url}`);
    const json = this.json(answer, true) as Record<string, unknown>;
    const etag = this.rememberEtag(url, answer, json);
    return { url, data: parseResource(schema, json, url), etag };
  }

  /** A POST (an action); resolves when the BMC accepted it and any task it started finished. */
  async post(path: string, body: unknown): Promise<void> {
    const url = this.url(path);
    await this.settle(await this.call("POST", url, body), `POST ${url}`);
  }

  async patch(path: string, body: unknown): Promise<void> {
    const url = this.url(path);
    const ifMatch = (etag: string | null | undefined): Record<string, string> => (etag ? { "if-match": etag } : {});
    let answer = await this.call("PATCH", url, body, ifMatch(this.etagRequired ? this.etags.get(url) : null));
    if (answer.status === 412 || answer.status === 428) {
      // Our ETag was stale or missing: read the current one and try exactly once more.
      this.etagRequired = true;
      const fresh = await this.get(url, z.unknown());
      answer = await this.call("PATCH", url, body, ifMatch(fresh.etag));
    }
    const done = await this.settle(answer, `PATCH ${url}`);
    this.rememberEtag(url, done, this.json(done, false));
  }

  /** Logs out and closes the connections; later calls on a closed client are refused. Idempotent. */
  close(): Promise<void> {
    this.closed ??= (async () => {
      await this.auth.logout();
      await this.transport.close();
    })();
    return this.closed;
  }

  /** Wraps a driver call so that no error leaving it carries the password or the session token. */
  async scrubbed<T>(run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (err) {
      throw redactError(err, this.auth.secretTokens());
    }
  }

  /** An authenticated request; a 401 on a session renews it once, a second 401 is "auth". */
  private async call(method: string, url: string, body?: unknown, extra: Record<string, string> = {}): Promise<HttpAnswer> {
    for (let attempt = 0; ; attempt += 1) {
      const { headers, token } = await this.auth.headers();
      const answer = await this.send({ method, url, body, headers: { ...headers, ...extra } });
      if (answer.status !== 401) return answer;
      if (token === null) unsupportedAuth(answer, url);
      if (attempt > 0 || !(await this.auth.renew(token))) throw new BmcError("auth", "authentication failed");
    }
  }

  private async send(req: { method: string; url: string; body?: unknown; headers?: Record<string, string> }): Promise<HttpAnswer> {
    if (this.closed) throw new BmcError("rejected", `the Redfish driver for ${this.origin} is closed`);
    const answer = await this.transport.send(req);
    // http://bmc → https://bmc (same path): talk to the new origin from now on.
    const from = new URL(req.url);
    const to = new URL(answer.url);
    if (to.origin !== from.origin && to.pathname === from.pathname && to.hostname === from.hostname) this.origin = to.origin;
    return answer;
  }

  /** 2xx passes; 202 + Location is a task monitor, polled until the task ends; anything else is an error. */
  private async settle(answer: HttpAnswer, what: string): Promise<HttpAnswer> {
    const monitor = answer.headers.get("location");
    if (answer.status === 202 && monitor) return this.followTask(new URL(monitor, answer.url).toString(), answer, what);
    if (answer.status >= 200 && answer.status < 300) return answer;
    throw statusError(answer.status, this.json(answer, false), what);
  }

  private async followTask(monitor: string, accepted: HttpAnswer, what: string): Promise<HttpAnswer> {
    const deadline = Date.now() + taskDeadlineMs;
    let answer = accepted;
    for (let delayMs = 100; Date.now() < deadline; delayMs = Math.min(delayMs * 2, 2_000)) {
      const retryAfter = Number(answer.headers.get("retry-after"));
      await sleep(Number.isFinite(retryAfter) && retryAfter > 0 ? Math.min(retryAfter * 1000, 5_000) : delayMs);
      answer = await this.call("GET", monitor);
      if (answer.status === 202) continue;
      if (answer.status < 200 || answer.status >= 300) throw statusError(answer.status, this.json(answer, false), `${what} (task ${monitor})`);
      const outcome = taskOutcome(this.json(answer, false));
      if (outcome.state === "done") return answer;
      if (outcome.state === "failed") throw new BmcError("rejected", `${what}: ${outcome.message}`);
    }
    throw new BmcError("timeout", `${what}: task ${monitor} did not finish within ${taskDeadlineMs / 1000} s`);
  }

  private json(answer: HttpAnswer, required: boolean): unknown {
    if (!answer.text.trim()) {
      if (required) throw new BmcError("malformed", `malformed Redfish resource ${answer.url}: empty body`);
      return null;
    }
    try {
      return JSON.parse(answer.text);
    } catch (err) {
      if (!required) return null;
      throw new BmcError("malformed", `malformed Redfish resource ${answer.url}: not JSON (${(err as Error).message})`);
    }
  }

  private rememberEtag(url: string, answer: HttpAnswer, json: unknown): string | null {
    const inBody = (json as { "@odata.etag"?: unknown } | null)?.["@odata.etag"];
    const etag = answer.headers.get("etag") ?? (typeof inBody === "string" ? inBody : null);
    if (etag) this.etags.set(url, etag);
    return etag;
  }
}

/**
 * Basic auth refused by a service that asks for another scheme only (WWW-Authenticate without
 * Basic, e.g. Negotiate): no password can fix that, so it is a configuration error, not "auth".
 */
function unsupportedAuth(answer: HttpAnswer, url: string): void {
  const asked = answer.headers.get("www-authenticate");
  if (!asked || /\bbasic\b/i.test(asked)) return;
  const scheme = asked.trim().split(/[\s,]/)[0].slice(0, 40);
  throw new BmcError("config", `${new URL(url).origin}: the BMC offers no usable Redfish session and does not accept HTTP basic authentication (it asks for ${scheme}); enable basic authentication or the session service on the BMC`);
}
