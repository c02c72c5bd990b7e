import { z } from "zod";
import { text } from "@/lib/domain/text";
import { defineEndpoint } from "@/lib/http/endpoint";
import { pageSchema } from "@/lib/http/pagination";
import { idParam } from "./common";
import {
  deleteSwitchQuery, desiredSwitchDto, desiredSwitchQuery, listSwitchesQuery, machineUplinksDto, registerSwitchDto, registerSwitchInput,
  switchDetailDto, switchDto, switchPortDto, switchPortParams, switchStatusInput, updateSwitchInput, updateSwitchPortInput,
} from "./switches";

/**
 * The switch agent's protocol (/api/boot/switches, on the boot listener, auth "agent": the
 * partition boot credential to register, then the switch credential) and the operators' API.
 */
export const switchBootEndpoints = {
  bootRegisterSwitch: defineEndpoint({ method: "POST", path: "/api/boot/switches/register", tag: "boot", summary: "Register a switch (id = hostname) with its ports; returns its switch credential (once per registration). A known switch registers with its own credential, or with the boot credential while an operator has it in replace mode", auth: "agent", body: registerSwitchInput, response: registerSwitchDto, errors: [403, 409, 422] }),
  bootSwitchDesired: defineEndpoint({ method: "GET", path: "/api/boot/switches/{id}/desired", tag: "boot", summary: "Long poll (≤ 30 s) for the switch's desired state: answers at once when its version differs from `known`, else when it changes or at the timeout", auth: "agent", params: idParam, query: desiredSwitchQuery, response: desiredSwitchDto, errors: [403, 409] }),
  bootSwitchStatus: defineEndpoint({ method: "POST", path: "/api/boot/switches/{id}/status", tag: "boot", summary: "Report a sync (time, duration, error), each port's operational state and each BGP session", auth: "agent", params: idParam, body: switchStatusInput, response: z.object({ ok: z.literal(true) }), errors: [403, 422] }),
};

export const switchEndpoints = {
  ...switchBootEndpoints,
  listSwitches: defineEndpoint({ method: "GET", path: "/api/v1/switches", tag: "switches", summary: "List switches with their last sync and issues (operators; one page: nextCursor is always null)", auth: "user", query: listSwitchesQuery, response: pageSchema(switchDto) }),
  getSwitch: defineEndpoint({ method: "GET", path: "/api/v1/switches/{id}", tag: "switches", summary: "A switch with its port table: role, machine, VRF, filter, desired and actual state, BGP session (operators)", auth: "user", params: idParam, response: switchDetailDto }),
  updateSwitch: defineEndpoint({ method: "PATCH", path: "/api/v1/switches/{id}", tag: "switches", summary: "Change a switch's description or mode (replace: its next registration, new hardware, takes over ports and connections by name)", auth: "user", params: idParam, body: updateSwitchInput, response: switchDetailDto }),
  deleteSwitch: defineEndpoint({ method: "DELETE", path: "/api/v1/switches/{id}", tag: "switches", summary: "Delete a switch; refused (409) while machines are cabled to it unless force=true", auth: "user", params: idParam, query: deleteSwitchQuery, status: 204, errors: [409] }),
  updateSwitchPort: defineEndpoint({ method: "PATCH", path: "/api/v1/switches/{id}/ports/{port}", tag: "switches", summary: "Set a port's desired admin state (up/down; audited); the agent applies it and reports the actual state separately", auth: "user", params: switchPortParams, body: updateSwitchPortInput, response: switchPortDto }),
  getMachineUplinks: defineEndpoint({ method: "GET", path: "/api/v1/machines/{id}/uplinks", tag: "machines", summary: "The machine's uplinks: the leaf ports its NICs are cabled to, their state and BGP sessions", auth: "user", params: z.object({ id: text().min(1).max(100) }), response: machineUplinksDto }),
};
