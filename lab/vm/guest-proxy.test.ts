import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GuestProxy, startGuestProxy } from "./guest-proxy";

/** The lab VM's proxy against a real upstream that answers the way Next.js does (chunked JSON, text, binary). */
describe("the lab VM's guest proxy", () => {
  let upstream: http.Server;
  let bootUrl: string;
  let proxy: GuestProxy;

  beforeAll(async () => {
    upstream = http.createServer((req, res) => {
      if (req.url === "/api/boot/ipxe") return void res.writeHead(200, { "content-type": "text/plain" }).end(`#!ipxe\nkernel ${bootUrl}/api/boot/kernel METAL_API_URL=${bootUrl}\n`);
      if (req.url === "/json") {
        // No content-length: chunked, as a streamed Response is.
        res.writeHead(201, { "content-type": "application/json" });
        res.write(`{"url":"${bootUrl}/api/images/x/img.tar.lz4",`);
        return void res.end(`"method":"${req.method}","body":${JSON.stringify(Buffer.concat([]).toString())}}`);
      }
      res.writeHead(200, { "content-type": "application/octet-stream" }).end(Buffer.from(`${bootUrl}\0binary`));
    });
    await new Promise<void>((r) => upstream.listen(0, "127.0.0.1", r));
    bootUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
    proxy = await startGuestProxy({ bootUrl });
  });
  afterAll(async () => {
    await proxy.stop();
    await new Promise<void>((r) => upstream.close(() => r()));
  });

  it("rewrites the boot URL to the guest's in text and JSON (fetch accepts the answer), not in binary bodies", async () => {
    const local = `http://127.0.0.1:${proxy.port}`;
    expect(proxy.guestUrl).toBe(`http://10.0.2.2:${proxy.port}`);
    expect(await (await fetch(`${local}/api/boot/ipxe`)).text()).toBe(`#!ipxe\nkernel ${proxy.guestUrl}/api/boot/kernel METAL_API_URL=${proxy.guestUrl}\n`);
    const json = await fetch(`${local}/json`, { method: "POST", body: "{}" });
    expect(json.status).toBe(201);
    expect(await json.json()).toMatchObject({ url: `${proxy.guestUrl}/api/images/x/img.tar.lz4`, method: "POST" });
    expect(Buffer.from(await (await fetch(`${local}/bin`)).arrayBuffer()).toString()).toBe(`${bootUrl}\0binary`);
  });
});
