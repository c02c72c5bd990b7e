import { Agent, request } from "node:http";
import type { Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as meRoute from "@/app/api/v1/me/route";
import * as tenantRoute from "@/app/api/v1/tenants/[id]/route";
import { appRouteTable } from "@/lab/app-routes";
import { dispatch, type RouteTable } from "@/lab/route-server";
import { LISTENER_HEADER } from "@/lib/http/listener";
import { createPartition } from "@/lib/services/catalog/partitions";
import { partitionInput } from "@/lib/services/catalog/test-support";
import { freshDatabase } from "@/lib/test/databases";
import { operator } from "@/lib/test/fixtures";
import { close, createListener, listen } from "./server";
import { beginShutdown, resetShutdownSignalForTests } from "./shutdown-signal";

/**
 * The two listeners over real HTTP (issue 10 items 2 and 5), around the app's real route modules
 * (the same handler for both, as scripts/serve.ts hands both to Next.js). Raw requests, so the
 * paths arrive exactly as written: no client normalises them first.
 */
type Answer = { status: number; headers: Record<string, string | string[] | undefined>; body: string };

function raw(port: number, method: string, path: string, headers: Record<string, string> = {}, agent?: Agent): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, method, path, headers, agent }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => (body += c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

describe("the public and the boot listener (real HTTP, PGlite)", () => {
  let cleanup: () => Promise<void>;
  let publicServer: Server;
  let bootServer: Server;
  let publicPort: number;
  let bootPort: number;

  beforeAll(async () => {
    ({ cleanup } = await freshDatabase("pglite"));
    await createPartition(operator, partitionInput("lab"));
    const routes: RouteTable = [...(await appRouteTable()), ["/api/v1/me", meRoute], ["/api/v1/tenants/[id]", tenantRoute]];
    const handler = (req: Parameters<typeof dispatch>[1], res: Parameters<typeof dispatch>[2]) => dispatch(routes, req, res, { markBoot: false });
    publicServer = createListener("public", handler);
    bootServer = createListener("boot", handler);
    publicPort = await listen(publicServer, 0, "127.0.0.1");
    bootPort = await listen(bootServer, 0, "127.0.0.1");
  });
  afterAll(async () => {
    await close(publicServer);
    await close(bootServer);
    await cleanup?.();
  });

  it("serves the iPXE script (and its boot credential) on the boot listener only", async () => {
    const boot = await raw(bootPort, "GET", "/api/boot/ipxe?partition=lab");
    expect(boot.status).toBe(200);
    expect(boot.body).toContain("METAL_BOOT_CREDENTIAL=mbc_");
    const spellings = ["/api/boot/ipxe", "/API/BOOT/ipxe", "/api//boot/ipxe", "/api/%62oot/ipxe", "/api/boot%2Fipxe", "/api/v1/%2e%2e/boot/ipxe", "/api/v1/..%2F..%2Fapi/boot/ipxe"];
    for (const p of spellings) {
      const res = await raw(publicPort, "GET", `${p}?partition=lab`);
      expect(res.status, p).toBe(404);
      expect(res.headers["content-type"], p).toBe("application/problem+json");
      expect(res.body, p).not.toContain("mbc_");
    }
  });

  it("ignores a client's claim to have come through the boot listener", async () => {
    const spoofed = await raw(publicPort, "GET", "/api/boot/ipxe?partition=lab", { [LISTENER_HEADER]: "boot" });
    expect(spoofed.status).toBe(404);
    // Even a request the edge let through would be refused by the route wrapper without the server's mark.
    const direct = await raw(bootPort, "GET", "/api/boot/ipxe?partition=lab", { [LISTENER_HEADER]: "forged" });
    expect(direct.status).toBe(200); // the boot listener replaces whatever the client sent with its own mark
  });

  it("keeps the portal and the JSON API off the boot listener", async () => {
    for (const p of ["/api/v1/me", "/login", "/"]) expect((await raw(bootPort, "GET", p)).status, p).toBe(404);
  });

  it("answers a malformed path with 400 malformed_path problem+json, not a 500", async () => {
    for (const p of ["/api/v1/tenants/%ff", "/api/v1/tenants/%E2%82", "/api/boot/%ff"]) {
      const res = await raw(publicPort, "GET", p);
      expect(res.status, p).toBe(400);
      expect(JSON.parse(res.body)).toMatchObject({ code: "malformed_path", status: 400 });
    }
  });

  it("answers TRACE and a method the route lacks with 405, Allow and a problem+json body", async () => {
    const trace = await raw(publicPort, "TRACE", "/api/v1/me");
    expect(trace.status).toBe(405);
    expect(trace.headers.allow).toContain("GET");
    expect(JSON.parse(trace.body).code).toBe("method_not_allowed");
    const put = await raw(publicPort, "PUT", "/api/v1/me");
    expect(put.status).toBe(405);
    expect(put.headers.allow).toBe("GET, HEAD, OPTIONS");
    expect(JSON.parse(put.body)).toMatchObject({ status: 405, code: "method_not_allowed" });
  });

  it("once the shutdown began, closes a kept-alive socket after its in-flight response, so server.close() need not wait", async () => {
    // Its own listener around a handler the test holds, like an agent's long poll in flight at SIGTERM.
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let arrived!: () => void;
    const inFlight = new Promise<void>((r) => (arrived = r));
    const server = createListener("public", async (req, res) => {
      if (req.url === "/held") {
        arrived();
        await held;
      }
      res.end("ok");
    });
    const port = await listen(server, 0, "127.0.0.1");
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      expect((await raw(port, "GET", "/first", {}, agent)).headers.connection).toBe("keep-alive");
      const answer = raw(port, "GET", "/held", {}, agent); // the same socket, kept alive
      await inFlight;
      beginShutdown();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      release();
      expect((await answer).status).toBe(200);
      const t0 = Date.now();
      await closed;
      // Without closing it, the socket would idle for Node's keepAliveTimeout (5 s) before the server let go.
      expect(Date.now() - t0).toBeLessThan(2_500);
    } finally {
      agent.destroy();
      server.closeAllConnections();
      resetShutdownSignalForTests();
    }
  });
});
