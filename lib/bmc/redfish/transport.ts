import type { ReadableStream } from "node:stream/web";
import { connect as tlsConnect } from "node:tls";
import { Agent, fetch } from "undici";
import { BmcError } from "../driver";
import { transportError } from "./errors";

/**
 * One HTTP exchange with a BMC: undici's fetch (the implementation behind Node's global fetch)
 * with a dispatcher of our own, because the global fetch cannot switch TLS verification off
 * for one BMC only. Each request has its own deadline (`timeoutMs`, body included); redirects
 * are followed here so that credentials never travel to another host.
 */
export type HttpRequest = { method: string; url: string; headers?: Record<string, string>; body?: unknown };
export type HttpAnswer = { status: number; url: string; headers: { get(name: string): string | null }; text: string };

const maxRedirects = 5;
/** BMC resources are a few KiB; anything this large is not a Redfish answer. */
const maxBodyBytes = 8 * 1024 * 1024;

export class Transport {
  private readonly agent: Agent;

  constructor(private readonly timeoutMs: number, insecureTls: boolean) {
    this.agent = new Agent({
      connect: { rejectUnauthorized: !insecureTls, timeout: timeoutMs },
      // BMC web servers drop idle connections early; a short keep-alive avoids reusing dead sockets.
      keepAliveTimeout: 2_000,
      connections: 4,
    });
  }

  async send(req: HttpRequest): Promise<HttpAnswer> {
    let { method, url, body } = req;
    const origin = new URL(url).hostname;
    for (let hop = 0; hop <= maxRedirects; hop += 1) {
      const sameHost = new URL(url).hostname === origin;
      const answer = await this.once(method, url, sameHost ? req.headers ?? {} : {}, body);
      const location = answer.headers.get("location");
      if (![301, 302, 303, 307, 308].includes(answer.status) || !location) return answer;
      url = new URL(location, url).toString();
      // Fetch semantics: 303, and 301/302 after a POST, continue as a GET without a body.
      if (answer.status === 303 || ((answer.status === 301 || answer.status === 302) && method === "POST")) {
        method = "GET";
        body = undefined;
      }
    }
    throw new BmcError("rejected", `${req.method} ${req.url}: more than ${maxRedirects} redirects`);
  }

  private async once(method: string, url: string, headers: Record<string, string>, body: unknown): Promise<HttpAnswer> {
    const what = `${method} ${url}`;
    const signal = AbortSignal.timeout(this.timeoutMs);
    try {
      const res = await fetch(url, {
        method,
        headers: { accept: "application/json", "odata-version": "4.0", ...(body === undefined ? {} : { "content-type": "application/json" }), ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
        redirect: "manual",
        dispatcher: this.agent,
        signal,
      });
      const text = await readCapped(res.body, what);
      return { status: res.status, url, headers: res.headers, text };
    } catch (err) {
      const failed = transportError(err, what, this.timeoutMs);
      // Plain HTTP to a port that speaks TLS: the server hangs up without an HTTP answer, which
      // looks like a network failure and would be retried forever. A TLS handshake tells.
      if (failed.kind === "unreachable" && new URL(url).protocol === "http:" && (await speaksTls(url, this.timeoutMs))) {
        throw new BmcError("config", `${what}: the BMC answers only HTTPS on this port; give its address as https://${new URL(url).host}`);
      }
      throw failed;
    }
  }

  close(): Promise<void> {
    return this.agent.close();
  }
}

/** Whether host:port of an http:// URL completes a TLS handshake (certificate not checked: only the protocol matters). */
function speaksTls(url: string, timeoutMs: number): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = tlsConnect({ host: hostname.replace(/^\[|\]$/g, ""), port: Number(port || 80), rejectUnauthorized: false, servername: undefined });
    const done = (result: boolean) => {
      socket.destroy();
      resolve(result);
    };
    socket.setTimeout(Math.min(timeoutMs, 3_000), () => done(false));
    socket.once("secureConnect", () => done(true));
    socket.once("error", () => done(false));
  });
}

async function readCapped(body: ReadableStream<Uint8Array> | null, what: string): Promise<string> {
  if (!body) return "";
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.byteLength;
    if (size > maxBodyBytes) throw new BmcError("malformed", `${what}: answer larger than ${maxBodyBytes} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}
