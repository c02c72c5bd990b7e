import { BmcError } from "../driver";
import { statusError } from "./errors";
import type { Transport } from "./transport";

/**
 * How the driver authenticates (DSP0266 §13.3): a Redfish session (POST to the Sessions
 * collection → X-Auth-Token + the session's Location), reused for every request and deleted on
 * logout; HTTP basic auth when the service offers no sessions (no SessionService, or creating
 * one answers 404/405/501, or answers without an X-Auth-Token: some BMCs and mockup servers
 * answer 204 and nothing else; remembered per BMC). A 401 on a session request means the
 * session expired or the BMC rebooted: `renew` logs in again, once per stale token even when
 * requests run in parallel.
 */
type State = { mode: "session"; token: string; location: string | null } | { mode: "basic" };

/**
 * Sessions collections (per user) whose login answered without a token: basic auth from then
 * on, without trying again on every new client. Bounded: a long-running worker forgets the
 * oldest (they are tried once more, which costs one request).
 */
const tokenless = new Set<string>();
const rememberTokenless = (key: string) => {
  tokenless.add(key);
  if (tokenless.size > 10_000) tokenless.delete(tokenless.values().next().value as string);
};

export class RedfishAuth {
  private state: Promise<State> | null = null;
  /** Every token this driver was given (a few per driver life), so that even an expired one is scrubbed. */
  private readonly tokens: string[] = [];

  constructor(
    private readonly transport: Transport,
    private readonly user: string,
    private readonly password: string,
    /** The Sessions collection URL from the service root, null when the service has none. */
    private readonly sessionsUrl: () => Promise<string | null>,
  ) {}

  get basicHeader(): string {
    return `Basic ${Buffer.from(`${this.user}:${this.password}`).toString("base64")}`;
  }

  /** The headers that authenticate a request, and the token they carry (for `renew`). */
  async headers(): Promise<{ headers: Record<string, string>; token: string | null }> {
    this.state ??= this.login().catch((err: unknown) => {
      this.state = null;
      throw err;
    });
    const state = await this.state;
    return state.mode === "session"
      ? { headers: { "x-auth-token": state.token }, token: state.token }
      : { headers: { authorization: this.basicHeader }, token: null };
  }

  /** After a 401: log in again unless a parallel request already did. False for basic auth (nothing to renew). */
  async renew(staleToken: string | null): Promise<boolean> {
    if (staleToken === null) return false;
    const pending = this.state;
    const current = await pending?.catch(() => null);
    // Only the first request to notice drops the session; the others use the new one.
    if (this.state === pending && current?.mode === "session" && current.token === staleToken) this.state = null;
    return true;
  }

  /**
   * What a BMC could echo into an error body: the basic credential as sent (base64) and the
   * session tokens. Not the password: it is sent only in the login body, whose answer is never
   * quoted (see login), so no message can carry it.
   */
  secretTokens(): string[] {
    return [this.basicHeader.slice("Basic ".length), ...this.tokens];
  }

  private async login(): Promise<State> {
    const url = await this.sessionsUrl();
    if (!url) return { mode: "basic" };
    const remembered = `${url}|${this.user}`;
    if (tokenless.has(remembered)) return { mode: "basic" };
    const answer = await this.transport.send({ method: "POST", url, body: { UserName: this.user, Password: this.password } });
    if ([404, 405, 501].includes(answer.status)) return { mode: "basic" };
    if (answer.status === 401 || answer.status === 403) throw new BmcError("auth", "authentication failed");
    // The answer's body is not quoted: a BMC may echo the request, and that holds the password.
    if (answer.status < 200 || answer.status >= 300) throw statusError(answer.status, null, `POST ${url}`);
    const token = answer.headers.get("x-auth-token");
    const locationText = answer.headers.get("location") ?? (safeJson(answer.text) as { "@odata.id"?: string } | null)?.["@odata.id"] ?? null;
    const location = locationText ? new URL(locationText, url).toString() : null;
    if (!token) {
      // A session we cannot use: delete it if the BMC told where it is (it holds a slot), then basic auth.
      rememberTokenless(remembered);
      if (location) await this.transport.send({ method: "DELETE", url: location, headers: { authorization: this.basicHeader } }).catch(() => {});
      return { mode: "basic" };
    }
    this.tokens.push(token);
    if (this.tokens.length > 20) this.tokens.shift();
    return { mode: "session", token, location };
  }

  /** Deletes the session (best effort: a BMC that is gone has dropped it anyway). */
  async logout(): Promise<void> {
    const state = await this.state?.catch(() => null);
    this.state = null;
    if (state?.mode !== "session" || !state.location) return;
    await this.transport.send({ method: "DELETE", url: state.location, headers: { "x-auth-token": state.token } }).catch(() => {});
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
