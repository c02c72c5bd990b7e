import { randomBytes, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { cliLoginCode } from "@/lib/contracts/cli-login";
import { CliError } from "../exit";

export type LoopbackLogin = {
  /** The page to open: APP/cli-login?port=…&state=…&name=… */
  url: string;
  /** The code the page shows too. */
  code: string;
  /** The token the browser posts back; rejects on cancel or timeout. */
  token: Promise<string>;
  close: () => void;
};

const PAGE = (title: string, body: string) =>
  `<!doctype html><meta charset="utf-8"><title>${title}</title><body style="font-family:sans-serif;max-width:32rem;margin:4rem auto"><h1>${title}</h1><p>${body}</p></body>`;

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 16 * 1024) throw new Error("too large");
    chunks.push(chunk as Buffer);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
}

/**
 * Listens on 127.0.0.1 (a random port) for the one POST /callback the portal's confirmation
 * page sends. Only a request carrying this run's state counts; anything else is answered and
 * ignored, so a stray or hostile request cannot end or hijack the login. The Host header must
 * be the loopback address itself (no DNS-rebound name).
 */
export async function startLoopbackLogin(appUrl: string, name: string, timeoutMs: number): Promise<LoopbackLogin> {
  const state = randomBytes(32).toString("base64url");
  let settle: { resolve: (t: string) => void; reject: (e: Error) => void } | undefined;
  const token = new Promise<string>((resolve, reject) => (settle = { resolve, reject }));
  token.catch(() => {}); // handled by whoever awaits it; it may settle before they do
  let port = 0;

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const answer = (status: number, title: string, body: string) =>
      res.writeHead(status, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store", "referrer-policy": "no-referrer" }).end(PAGE(title, body));
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    if (req.method !== "POST" || url.pathname !== "/callback" || req.headers.host !== `127.0.0.1:${port}`) return answer(404, "Not found", "");
    readForm(req).then((form) => {
      if (!same(form.get("state") ?? "", state)) return answer(400, "Login not accepted", "This answer does not belong to the <code>metal login</code> waiting in your terminal.");
      const error = form.get("error");
      if (error) {
        answer(200, "Login cancelled", "Nothing was created. You can close this tab.");
        return settle?.reject(new CliError(error === "access_denied" ? "login was cancelled in the browser" : `login failed in the browser: ${error}`));
      }
      const secret = form.get("token") ?? "";
      if (!/^mtk_[A-Za-z0-9_-]+$/.test(secret)) return answer(400, "Login not accepted", "The answer carries no API token.");
      answer(200, "Logged in", "The metal CLI has its token. You can close this tab and return to the terminal.");
      settle?.resolve(secret);
    }, () => answer(413, "Too large", ""));
  });
  await new Promise<void>((resolve, reject) => server.once("error", reject).listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;

  const timer = setTimeout(() => settle?.reject(new CliError(`no answer from the browser within ${Math.round(timeoutMs / 1000)} s`)), timeoutMs);
  const close = () => {
    clearTimeout(timer);
    server.close();
    server.closeAllConnections();
  };
  const page = new URL("/cli-login", appUrl);
  page.search = new URLSearchParams({ port: String(port), state, name }).toString();
  return { url: page.toString(), code: cliLoginCode(state), token, close };
}
