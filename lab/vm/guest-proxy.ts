import http from "node:http";
import type { AddressInfo } from "node:net";

/**
 * The lab VM's view of the boot listener when that listener is on the host's loopback (the
 * embedded default): inside the VM 127.0.0.1 is the VM itself, and the host is 10.0.2.2 (QEMU's
 * user network). This proxy listens on the host's loopback (reached as 10.0.2.2:<port> by the
 * guest), forwards every request to the boot listener, and rewrites the boot URL in the text and
 * JSON answers (the iPXE script's kernel/initrd URLs and METAL_API_URL, the image URL of the
 * install instructions) to the guest's URL — what a NAT in front of a management network does
 * for machines that reach the boot service under another address. Binary bodies stream as they are.
 */
export type GuestProxy = { port: number; guestUrl: string; stop(): Promise<void> };

export async function startGuestProxy(o: { bootUrl: string; /** TCP port on 127.0.0.1; default a free one. */ port?: number }): Promise<GuestProxy> {
  const upstream = new URL(o.bootUrl);
  let guestUrl = "";
  const rewrite = (text: string) => text.split(o.bootUrl).join(guestUrl);

  const server = http.createServer((req, res) => {
    const { connection: _c, "keep-alive": _k, ...forwarded } = req.headers;
    const headers = { ...forwarded, host: upstream.host };
    const up = http.request({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers }, (answer) => {
      const type = String(answer.headers["content-type"] ?? "");
      if (!/^(text\/|application\/(json|problem\+json))/.test(type)) {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
        return;
      }
      const chunks: Buffer[] = [];
      answer.on("data", (c: Buffer) => chunks.push(c));
      answer.on("end", () => {
        const body = Buffer.from(rewrite(Buffer.concat(chunks).toString("utf8")));
        // The rewritten body has a new length; hop-by-hop headers (chunked encoding) do not carry over.
        const { "transfer-encoding": _te, connection: _c, "keep-alive": _k, ...headers } = answer.headers;
        res.writeHead(answer.statusCode ?? 502, { ...headers, "content-length": String(body.length) }).end(body);
      });
    });
    up.on("error", (err) => {
      if (!res.headersSent) res.writeHead(502, { "content-type": "text/plain" });
      res.end(`lab VM proxy: ${err.message}`);
    });
    // A client that hangs up (a long poll cut by a power off) ends the upstream request too.
    res.on("close", () => up.destroy());
    req.pipe(up);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(o.port ?? 0, "127.0.0.1", resolve);
  });
  const { port } = server.address() as AddressInfo;
  guestUrl = `http://10.0.2.2:${port}`;
  return {
    port,
    guestUrl,
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
