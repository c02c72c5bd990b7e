import { randomBytes, randomUUID } from "node:crypto";
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import type { Health } from "@/lib/bmc/driver";
import type { SimPowerDriver } from "../sim-power";
import { defaultResetTypes, RedfishChassis } from "./redfish-chassis";
import type { PowerDelay } from "./power-delay";
import { applyFault, Faults, loseAnswer, readJsonBody, sendError, sendJson } from "./redfish-http";
import * as docs from "./redfish-resources";
import { RedfishTasks } from "./redfish-tasks";

/**
 * A lab BMC that speaks Redfish: one HTTP (or HTTPS, given a key and certificate) listener on
 * 127.0.0.1 per emulated BMC, driving a lab machine's SimPowerDriver. Power on starts the
 * machine's agent, power off stops it, reset/cycle restart it, the boot override decides PXE
 * or disk. Sessions (X-Auth-Token) and basic auth, ETags with If-Match (412 when stale),
 * allowable values, task monitors and fault knobs make it a realistic peer for the driver.
 */
export type RedfishBmcOptions = {
  chassis: SimPowerDriver;
  user: string;
  password: string;
  info: docs.RedfishBmcInfo;
  /** Default 0: any free port. */
  port?: number;
  tls?: { key: string | Buffer; cert: string | Buffer };
  /** false: no SessionService, basic auth only (as on some older BMCs). Default true. */
  sessions?: boolean;
  /**
   * false: a session POST answers 204 without X-Auth-Token or Location (some BMCs and mockup
   * servers do); the session exists nowhere and only basic auth works. Default true.
   */
  sessionToken?: boolean;
  /** At most this many open sessions (default 4, as on many real BMCs); one more answers 503 like a full BMC. */
  maxSessions?: number;
  /** Power requests land this long after they are answered (power-delay.ts); default 0, the fast path. */
  powerDelay?: PowerDelay;
  /** Every answer takes this long (a random time in the range), as a BMC's small CPU does; default 0. */
  responseDelay?: PowerDelay;
  /** A second computer system (Systems/2 with Chassis/2) behind the same BMC, as in blade and multi-node chassis. */
  secondSystem?: { chassis: SimPowerDriver; info: docs.RedfishBmcInfo };
  /** Manufacturer, model and serial only on the Chassis, not on the System (as some BMCs do). */
  inventoryOnChassisOnly?: boolean;
  /** PATCH without If-Match answers 428 (HPE iLO style). Default false: If-Match is checked only when sent. */
  requireIfMatch?: boolean;
  /** ResetType values offered (default: On, ForceOff, GracefulShutdown, GracefulRestart, ForceRestart, PowerCycle, PushPowerButton). */
  resetTypes?: string[];
  /** Publish the reset types through @Redfish.ActionInfo instead of the inline annotation. */
  resetActionInfo?: boolean;
  /** Resets answer 202 with a task monitor that finishes no sooner than `minMs` later. */
  tasks?: { minMs: number };
  /** Health per power supply (default two, OK); "Unknown" is an absent supply. */
  powerSupplies?: Health[];
};

export type RedfishBmcRequest = { method: string; path: string; status: number };

export type RedfishBmc = {
  /** For BmcConnection.address: "http(s)://127.0.0.1:port". */
  address: string;
  /** The service root URL. */
  url: string;
  faults: Faults;
  /** The last 500 answered requests, oldest first (fault answers included; hung and dropped ones not), for tests. */
  requests: RedfishBmcRequest[];
  /** Open sessions, by id. */
  sessionCount(): number;
  /** The most sessions open at one time, and how many were created, since start. */
  sessionStats(): { peak: number; created: number };
  /** Resolves once every power request answered so far has landed (with a power delay, later than the answer). */
  powerIdle(): Promise<void>;
  /** Drops every session (BMC reboot / session timeout): the next session request gets 401. */
  expireSessions(): void;
  stop(): Promise<void>;
};

const unauthenticated = new Set(["/redfish", "/redfish/v1", "/redfish/v1/", "/redfish/v1/odata", "/redfish/v1/$metadata"]);

type EmulatedSystem = { id: string; chassis: RedfishChassis; info: docs.RedfishBmcInfo; paths: ReturnType<typeof docs.pathsOf> };

export async function startRedfishBmc(o: RedfishBmcOptions): Promise<RedfishBmc> {
  const systems: EmulatedSystem[] = [
    { id: "1", chassis: new RedfishChassis(o.chassis, o.powerDelay), info: o.info, paths: docs.pathsOf("1") },
    ...(o.secondSystem ? [{ id: "2", chassis: new RedfishChassis(o.secondSystem.chassis, o.powerDelay), info: o.secondSystem.info, paths: docs.pathsOf("2") }] : []),
  ];
  const ids = systems.map((sys) => sys.id);
  const faults = new Faults();
  const tasks = new RedfishTasks();
  const sessions = new Map<string, string>(); // token → session id
  let sessionsCreated = 0;
  let sessionsPeak = 0;
  const requests: RedfishBmcRequest[] = [];
  const serviceUuid = o.info.uuid ?? randomUUID();
  const resetTypes = o.resetTypes ?? defaultResetTypes;
  const basic = `Basic ${Buffer.from(`${o.user}:${o.password}`).toString("base64")}`;
  const sessionsOn = o.sessions !== false;

  const systemDoc = (sys: EmulatedSystem) => docs.system(sys.info, sys.chassis.view(), {
    id: sys.id, reset: { types: resetTypes, viaActionInfo: o.resetActionInfo === true }, inventoryOnChassisOnly: o.inventoryOnChassisOnly,
  });

  const authorized = (req: IncomingMessage): boolean => {
    const token = req.headers["x-auth-token"];
    if (typeof token === "string" && sessions.has(token)) return true;
    return req.headers.authorization === basic;
  };

  async function login(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readJsonBody(req);
    const creds = body.ok ? (body.value as { UserName?: unknown; Password?: unknown } | undefined) : undefined;
    if (!creds || typeof creds.UserName !== "string" || typeof creds.Password !== "string") {
      return sendError(res, 400, "PropertyMissing", "The request body must contain the properties UserName and Password.");
    }
    if (creds.UserName !== o.user || creds.Password !== o.password) return sendError(res, 401, "NoValidSession", "There is no valid session established with the implementation.");
    if (o.sessionToken === false) return sendJson(res, 204);
    if (sessions.size >= (o.maxSessions ?? 4)) return sendError(res, 503, "SessionLimitExceeded", "The session establishment failed due to the number of simultaneous sessions exceeding the limit of the implementation.");
    const token = randomBytes(16).toString("hex");
    const id = randomBytes(6).toString("hex");
    sessions.set(token, id);
    sessionsCreated += 1;
    sessionsPeak = Math.max(sessionsPeak, sessions.size);
    sendJson(res, 201, docs.sessionDoc(id, o.user), { "x-auth-token": token, location: `${docs.paths.sessions}/${id}` });
  }

  async function patchSystem(sys: EmulatedSystem, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const ifMatch = req.headers["if-match"];
    const current = systemDoc(sys).etag;
    if (ifMatch === undefined && o.requireIfMatch) return sendError(res, 428, "PreconditionRequired", "A precondition header or annotation is required to change the resource.");
    if (ifMatch !== undefined && ifMatch.trim() !== "*" && !ifMatch.split(",").map((t) => t.trim()).includes(current)) {
      return sendError(res, 412, "PreconditionFailed", "The ETag supplied did not match the ETag required to change this resource.");
    }
    const body = await readJsonBody(req);
    if (!body.ok) return sendError(res, 400, "MalformedJSON", `The request body submitted was malformed JSON: ${body.error}.`);
    const problem = await sys.chassis.patch(body.value);
    if (problem) return sendError(res, problem.status, problem.messageId, problem.message);
    sendJson(res, 204, undefined, { etag: systemDoc(sys).etag });
  }

  async function reset(sys: EmulatedSystem, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readJsonBody(req);
    const type = body.ok ? (body.value as { ResetType?: unknown } | undefined)?.ResetType : undefined;
    if (type === undefined) return sendError(res, 400, "ActionParameterMissing", "The action ComputerSystem.Reset requires the parameter ResetType to be present in the request body.");
    if (typeof type !== "string" || !resetTypes.includes(type)) {
      return sendError(res, 400, "ActionParameterValueNotInList", `The value '${String(type)}' for the parameter ResetType in the action ComputerSystem.Reset is not in the list of acceptable values.`);
    }
    const { accepted, done } = sys.chassis.reset(type);
    if (!o.tasks) {
      await accepted;
      return sendJson(res, 204);
    }
    const task = tasks.start(done, o.tasks.minMs);
    sendJson(res, 202, tasks.taskDoc(task), { location: tasks.monitorPath(task) });
  }

  async function route(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    const method = req.method ?? "GET";
    const isGet = method === "GET" || method === "HEAD";
    if (path === "/redfish" && isGet) return sendJson(res, 200, { v1: "/redfish/v1/" });
    if ((path === "/redfish/v1/" || path === "/redfish/v1") && isGet) return sendJson(res, 200, docs.serviceRoot(serviceUuid, sessionsOn));
    if (sessionsOn && path === docs.paths.sessions && method === "POST") return login(req, res);
    if (!unauthenticated.has(path) && !authorized(req)) {
      return sendError(res, 401, "NoValidSession", "There is no valid session established with the implementation.", { "www-authenticate": 'Basic realm="Redfish"' });
    }
    const session = sessionsOn && path.startsWith(`${docs.paths.sessions}/`) ? path.slice(docs.paths.sessions.length + 1) : null;
    if (session !== null) {
      const token = [...sessions].find(([, id]) => id === session)?.[0];
      if (!token) return sendError(res, 404, "ResourceNotFound", `The requested resource of type Session named '${session}' was not found.`);
      if (method === "DELETE") {
        sessions.delete(token);
        return sendJson(res, 204);
      }
      if (isGet) return sendJson(res, 200, docs.sessionDoc(session, o.user));
    }
    const sys = systems.find((x) => path === x.paths.system || path === x.paths.reset);
    if (sys && path === sys.paths.system && method === "PATCH") return patchSystem(sys, req, res);
    if (sys && path === sys.paths.reset && method === "POST") return reset(sys, req, res);
    const task = tasks.answer(path);
    if (task && isGet) return sendJson(res, task.status, task.body, task.headers);
    const doc = isGet ? resource(path) : undefined;
    if (doc) return sendJson(res, 200, doc.body, doc.etag ? { etag: doc.etag } : {});
    if (resource(path)) return sendError(res, 405, "OperationNotAllowed", `The HTTP method ${method} is not allowed on ${path}.`, { allow: "GET, HEAD" });
    sendError(res, 404, "ResourceMissingAtURI", `The resource at the URI ${path} was not found.`);
  }

  function resource(path: string): { body: object; etag?: string } | undefined {
    const p = path.replace(/\/$/, "");
    const sys = systems.find((x) => p === x.paths.system);
    if (sys) {
      const { doc, etag } = systemDoc(sys);
      return { body: doc, etag };
    }
    const bySystem = systems.map((x): Record<string, () => object> => ({
      ...(o.resetActionInfo ? { [x.paths.resetInfo]: () => docs.resetActionInfo(x.id, resetTypes) } : {}),
      [x.paths.chassis]: () => docs.chassis(x.id, x.info, x.chassis.view()),
      [x.paths.power]: () => docs.power(x.id, x.info, x.chassis.isOn, o.powerSupplies ?? ["OK", "OK"]),
    }));
    const byPath: Record<string, (() => object) | undefined> = {
      ...docs.collections(ids),
      ...(sessionsOn ? { [`${docs.v1}/SessionService`]: docs.sessionService, [docs.paths.sessions]: () => sessionCollection() } : {}),
      [docs.paths.manager]: () => docs.manager(o.info, ids),
      ...Object.assign({}, ...bySystem),
    };
    const build = byPath[p];
    return build ? { body: build() } : undefined;
  }

  function sessionCollection() {
    const ids = [...sessions.values()].map((id) => `${docs.paths.sessions}/${id}`);
    return { "@odata.id": docs.paths.sessions, Name: "Session Collection", "Members@odata.count": ids.length, Members: ids.map((id) => ({ "@odata.id": id })) };
  }

  const handler = (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? "/", "http://bmc").pathname;
    res.on("finish", () => {
      requests.push({ method: req.method ?? "GET", path, status: res.statusCode });
      if (requests.length > 500) requests.shift();
    });
    const fault = faults.take(path, req.method);
    if (fault === "lost-answer") loseAnswer(res);
    else if (fault) return applyFault(fault, req, res);
    const { minMs, maxMs } = o.responseDelay ?? { minMs: 0, maxMs: 0 };
    const slow = maxMs > 0 ? sleep(minMs + Math.random() * (maxMs - minMs)) : Promise.resolve();
    slow.then(() => route(req, res, path)).catch((err: unknown) => {
      if (!res.headersSent) sendError(res, 500, "InternalError", `The request failed due to an internal service error: ${(err as Error).message}`);
    });
  };
  const server: Server = o.tls ? createHttpsServer({ key: o.tls.key, cert: o.tls.cert }, handler) : createHttpServer(handler);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(o.port ?? 0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const address = `${o.tls ? "https" : "http"}://127.0.0.1:${port}`;
  return {
    address,
    url: `${address}/redfish/v1/`,
    faults,
    requests,
    sessionCount: () => sessions.size,
    powerIdle: async () => {
      await Promise.all(systems.map((x) => x.chassis.powerIdle()));
    },
    sessionStats: () => ({ peak: sessionsPeak, created: sessionsCreated }),
    expireSessions: () => sessions.clear(),
    stop: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}
