import { defineEndpoint } from "@/lib/http/endpoint";
import { pageSchema } from "@/lib/http/pagination";
import * as b from "./bmc";
import { idParam } from "./common";

/** Out-of-band management: power/boot/identify commands with visible results, the BMC panel, BMC settings. */
export const bmcEndpoints = {
  powerMachine: defineEndpoint({ method: "POST", path: "/api/v1/machines/{id}/power", tag: "machines", summary: "Power on/off/reset/cycle, set the boot device or the identify LED through the machine's BMC; returns the queued command (202), whose result shows in /bmc-commands", auth: "user", params: idParam, body: b.powerActionInput, response: b.powerActionDto, status: 202, errors: [403, 404, 422] }),
  listBmcCommands: defineEndpoint({ method: "GET", path: "/api/v1/machines/{id}/bmc-commands", tag: "machines", summary: "The machine's BMC command history with status and errors, newest first", auth: "user", params: idParam, query: b.listBmcCommandsQuery, response: pageSchema(b.bmcCommandDto) }),
  getMachineBmc: defineEndpoint({ method: "GET", path: "/api/v1/machines/{id}/bmc", tag: "machines", summary: "The machine's BMC: power state, firmware, power draw, power supplies, last poll (operators: also how it is reached, never the password)", auth: "user", params: idParam, response: b.bmcDto }),
  listMachinePowerReadings: defineEndpoint({ method: "GET", path: "/api/v1/machines/{id}/power-readings", tag: "machines", summary: "The machine's power draw over the last 24 h as the BMC poller read it (at most one reading per 5 minutes), oldest first", auth: "user", params: idParam, response: b.powerReadingsDto }),
  approveMachineBmc: defineEndpoint({ method: "POST", path: "/api/v1/admin/machines/{id}/bmc/approve", tag: "machines", summary: "Approve the BMC's current address although it lies outside the partition's BMC networks, so it is contacted (operators; audited)", auth: "user", params: idParam, response: b.bmcDto, errors: [403, 404] }),
  updateMachineBmc: defineEndpoint({ method: "PATCH", path: "/api/v1/admin/machines/{id}/bmc", tag: "machines", summary: "Set how a machine's BMC is reached (operators); the password is write-only", auth: "user", params: idParam, body: b.updateBmcInput, response: b.bmcDto, errors: [403, 404, 422] }),
};
