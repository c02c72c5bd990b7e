import type { z } from "zod";
import type { registerMachineInput } from "@/lib/contracts/agent";
import { epycServer } from "@/lib/domain/catalog/size.fixtures";
import { isBootPath } from "@/lib/http/boot-paths";
import { bootListenerMark, LISTENER_HEADER, PEER_HEADER, peerMark } from "@/lib/http/listener";

/** Shared by the agent-protocol integration tests (not used by the app). */

export type Handler = (req: Request, route: { params: Promise<Record<string, string>> }) => Promise<Response>;
export type Called = { status: number; type: string | null; body: Awaited<ReturnType<Response["json"]>>; text: string };

/**
 * Route handlers called as Next.js calls them: a Request plus a promise of params. Boot paths
 * arrive as through the boot listener (lib/runtime/server.ts marks them) unless `listener` says "public".
 */
export async function call(
  handler: Handler,
  opts: { method?: string; path: string; token?: string; body?: unknown; params?: Record<string, string>; signal?: AbortSignal; headers?: Record<string, string>; listener?: "public" | "boot"; peer?: string },
): Promise<Called> {
  const headers: Record<string, string> = { ...opts.headers };
  if ((opts.listener ?? (isBootPath(opts.path) ? "boot" : "public")) === "boot") headers[LISTENER_HEADER] = bootListenerMark();
  headers[PEER_HEADER] = peerMark(opts.peer ?? "127.0.0.1");
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (opts.body !== undefined) headers["content-type"] = "application/json";
  const req = new Request(`http://localhost:3000${opts.path}`, {
    method: opts.method ?? (opts.body === undefined ? "GET" : "POST"),
    headers,
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
    signal: opts.signal,
  });
  const res = await handler(req, { params: Promise.resolve(opts.params ?? {}) });
  const text = res.status === 204 ? "" : await res.text();
  const type = res.headers.get("content-type");
  return { status: res.status, type, text, body: type?.includes("json") && text ? JSON.parse(text) : null };
}

let serial = 0;
/** A fresh hardware UUID for each test machine. */
export function machineUuid(): string {
  serial += 1;
  return `00000000-0000-0000-0000-${serial.toString(16).padStart(12, "0")}`;
}

/** An EPYC server cabled to both leaves of rack r01. */
export function registration(uuid: string, extra: Partial<z.input<typeof registerMachineInput>> = {}): z.input<typeof registerMachineInput> {
  // A deep copy: tests break the hardware on purpose and must not break the shared fixture.
  return structuredClone({
    uuid,
    hardware: {
      ...epycServer,
      nics: [
        { name: "eth0", mac: macFor(uuid, 0), neighbours: [{ switchName: "r01leaf01", port: "Ethernet1" }] },
        { name: "eth1", mac: macFor(uuid, 1), neighbours: [{ switchName: "r01leaf02", port: "Ethernet1" }] },
      ],
    },
    bmc: { address: "10.1.0.17", mac: "aa:bb:cc:00:00:01", protocol: "ipmi", user: "admin", password: "hunter2-bmc-secret", firmwareVersion: "3.1", fru: { vendor: "Supermicro" } },
    ...extra,
  });
}

export function macFor(uuid: string, nic: number): string {
  const tail = uuid.slice(-8).toLowerCase();
  return `52:54:${tail.slice(0, 2)}:${tail.slice(2, 4)}:${tail.slice(4, 6)}:${(Number.parseInt(tail.slice(6, 8), 16) + nic).toString(16).padStart(2, "0").slice(-2)}`;
}
