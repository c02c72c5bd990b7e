import { randomBytes, timingSafeEqual } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { BootDevice } from "@/lib/bmc/driver";
import type { SimPowerDriver } from "../sim-power";
import { DelayedPower, type PowerDelay } from "./power-delay";

/**
 * The lab chassis behind ipmi_sim's `chassis_control`: ipmi_sim runs chassis-control.sh per
 * request, the script calls this loopback server, and the server drives the machine's
 * SimPowerDriver in this process. Bearer token, loopback only.
 *
 *   GET /chassis/:id/power → "1" | "0"           PUT /chassis/:id/power   "1" | "0"
 *   GET /chassis/:id/boot  → "pxe"|"default"|"bios"  PUT /chassis/:id/boot  pxe|default|bios|none
 *   PUT /chassis/:id/reset "1"   PUT /chassis/:id/shutdown "1"   PUT /chassis/:id/identify "<interval> <force>"
 *
 * Boot persistence: ipmi_sim hands over only the device of Set System Boot Options, never the
 * "persistent" flag, so the lab applies DOMAIN §4's policy: pxe and bios for the next boot
 * only, disk ("default") persistently. "none" clears a pending one-time device.
 *
 * Power changes can land after a delay (power-delay.ts), as on real BMCs; status reads show
 * the old state until then. Sets are acknowledged once queued on the SimPowerDriver, not once done: ipmi_sim waits for
 * the script synchronously and ipmitool retransmits after 2 s, and stopping a machine's agent
 * can take longer. Gets queue behind earlier sets, so a status read after a set sees its result.
 */
export type ChassisControlServer = {
  url: string;
  token: string;
  /** Resolves once every power request so far has landed on its machine. */
  powerIdle(): Promise<void>;
  stop(): Promise<void>;
};

class BadRequest extends Error {}

const IPMI_BOOT: Record<BootDevice, string> = { pxe: "pxe", disk: "default", bios: "bios" };

export async function startChassisControlServer(
  chassis: ReadonlyMap<string, SimPowerDriver>,
  o: { onError?: (err: unknown) => void; /** Power changes land this long after the request (power-delay.ts); default 0. */ powerDelay?: PowerDelay } = {},
): Promise<ChassisControlServer> {
  const delayed = new WeakMap<SimPowerDriver, DelayedPower>();
  const requestsFor = (sim: SimPowerDriver) => {
    let d = delayed.get(sim);
    if (!d) delayed.set(sim, (d = new DelayedPower(sim, o.powerDelay)));
    return d;
  };
  const token = randomBytes(24).toString("base64url");
  const onError = o.onError ?? ((err: unknown) => console.error(`lab chassis control: ${(err as Error).message}`));
  const identifyTimers = new Map<string, NodeJS.Timeout>();
  const queued = (p: Promise<unknown>) => void p.catch(onError);

  async function get(power: SimPowerDriver, param: string): Promise<string> {
    const state = await power.powerState();
    if (param === "power") return state === "on" ? "1" : "0";
    if (param === "boot") return IPMI_BOOT[power.bootSettings.next ?? power.bootSettings.persistent];
    throw new BadRequest(`cannot get ${param}`);
  }

  function set(id: string, power: SimPowerDriver, param: string, value: string): void {
    const requests = requestsFor(power);
    if (param === "power" && (value === "1" || value === "0")) return queued(requests.request(value === "1" ? "on" : "off"));
    if ((param === "reset" || param === "shutdown") && value === "1") return queued(requests.request(param === "reset" ? "reset" : "off"));
    if (param === "boot") return setBoot(power, value);
    if (param === "identify") return setIdentify(id, power, value);
    throw new BadRequest(`invalid ${param} value "${value}"`);
  }

  function setBoot(power: SimPowerDriver, value: string): void {
    if (value === "pxe" || value === "bios") return queued(power.setBootDevice(value, false));
    if (value === "default") return queued(power.setBootDevice("disk", true));
    if (value === "none") return queued(power.powerState().then(() => power.setBootDevice(power.bootSettings.persistent, true)));
    throw new BadRequest(`boot device "${value}" does not exist in the lab (pxe, default, bios, none)`);
  }

  /** IPMI Chassis Identify: force → on until turned off; interval N > 0 → on for N seconds; 0 0 → off. */
  function setIdentify(id: string, power: SimPowerDriver, value: string): void {
    const match = /^(\d+) ([01])$/.exec(value);
    if (!match) throw new BadRequest(`invalid identify value "${value}" (expected "<interval> <force>")`);
    const [interval, force] = [Number(match[1]), match[2] === "1"];
    clearTimeout(identifyTimers.get(id));
    identifyTimers.delete(id);
    queued(power.setIdentify(force || interval > 0));
    if (!force && interval > 0) {
      identifyTimers.set(id, setTimeout(() => queued(power.setIdentify(false)), interval * 1000).unref());
    }
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const auth = Buffer.from(req.headers.authorization ?? "");
    const expected = Buffer.from(`Bearer ${token}`);
    if (auth.length !== expected.length || !timingSafeEqual(auth, expected)) return reply(res, 401, "unauthorized");
    const match = /^\/chassis\/([^/]+)\/([a-z]+)$/.exec(req.url ?? "");
    const power = match ? chassis.get(decodeURIComponent(match[1])) : undefined;
    if (!match || !power) return reply(res, 404, `no chassis at ${req.url}`);
    if (req.method === "GET") return reply(res, 200, await get(power, match[2]));
    if (req.method !== "PUT") return reply(res, 405, "GET or PUT");
    let body = "";
    for await (const chunk of req) body += chunk;
    set(decodeURIComponent(match[1]), power, match[2], body.trim());
    reply(res, 204, "");
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch((err: unknown) => reply(res, err instanceof BadRequest ? 400 : 500, (err as Error).message));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    token,
    powerIdle: async () => {
      await Promise.all([...chassis.values()].map((sim) => requestsFor(sim).idle()));
    },
    stop: async () => {
      for (const timer of identifyTimers.values()) clearTimeout(timer);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function reply(res: http.ServerResponse, status: number, body: string): void {
  if (res.headersSent) return;
  res.writeHead(status, { "content-type": "text/plain" }).end(body);
}
