import { readFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";

/**
 * A static Redfish server for tests: serves a DMTF mockup directory (fixtures/README.md) on
 * 127.0.0.1, GET only (anything else 405, as a read-only service answers), basic auth on every
 * resource but the service root. `edit` may change or drop (return undefined) a document
 * before it is served, e.g. to hide the legacy Power resource.
 */
export type MockupServer = { url: string; requests: string[]; stop(): Promise<void> };
export type MockupOptions = {
  dir: string;
  user: string;
  password: string;
  edit?: (urlPath: string, doc: Record<string, unknown>) => Record<string, unknown> | undefined;
};

/** /redfish/v1/A/B → <dir>/A/B/index.json; null outside the tree. */
function fileFor(dir: string, urlPath: string): string | null {
  const match = /^\/redfish\/v1(\/.*)?$/.exec(urlPath);
  if (!match) return null;
  const segments = (match[1] ?? "").split("/").filter(Boolean);
  if (segments.some((s) => s === ".." || s === "." || s.includes("%"))) return null;
  return path.join(dir, ...segments, "index.json");
}

export async function startMockupServer(o: MockupOptions): Promise<MockupServer> {
  const requests: string[] = [];
  const basic = `Basic ${Buffer.from(`${o.user}:${o.password}`).toString("base64")}`;
  const server = createServer(async (req, res) => {
    const urlPath = new URL(req.url ?? "/", "http://mockup").pathname;
    requests.push(`${req.method} ${urlPath}`);
    const send = (status: number, body?: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { "content-type": "application/json", ...headers });
      res.end(body === undefined ? undefined : JSON.stringify(body));
    };
    if (req.method !== "GET") return send(405, { error: { code: "Base.1.5.0.OperationNotAllowed", message: "read-only mockup" } }, { allow: "GET" });
    const isRoot = urlPath === "/redfish/v1/" || urlPath === "/redfish/v1";
    if (!isRoot && req.headers.authorization !== basic) return send(401, undefined, { "www-authenticate": 'Basic realm="mockup"' });
    const file = fileFor(o.dir, urlPath);
    const text = file && (await readFile(file, "utf8").catch(() => null));
    let doc: Record<string, unknown> | undefined = text ? JSON.parse(text) : undefined;
    if (doc && o.edit) doc = o.edit(urlPath, doc);
    if (!doc) return send(404, { error: { code: "Base.1.5.0.ResourceMissingAtURI", message: `${urlPath} not found` } });
    send(200, doc);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    stop: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
