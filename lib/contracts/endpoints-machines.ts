import { defineEndpoint } from "@/lib/http/endpoint";
import { pageSchema } from "@/lib/http/pagination";
import { idParam } from "./common";
import * as m from "./machines";

/** Tenant machines API (allocate, free, reinstall) and the operators' machine actions. */
export const machineEndpoints = {
  listMachines: defineEndpoint({ method: "GET", path: "/api/v1/machines", tag: "machines", summary: "List machines: the caller's projects' allocated machines (operators: all, free ones included); filters include liveliness, condition and issue (crashLoop, failedReclaim, dead, unknown, noSize, failed)", auth: "user", query: m.listMachinesQuery, response: pageSchema(m.machineDto) }),
  machineStream: defineEndpoint({ method: "GET", path: "/api/v1/machines/stream", tag: "machines", summary: "Live updates as text/event-stream: an event `machine` with data {\"machineId\"} whenever a machine the caller may read changes (and once when one leaves the caller's projects), and for operators an event `switch` with data {\"switchId\"} whenever a switch changes; a comment line every 15 s; the server ends the stream after 5 min and EventSource reconnects", auth: "user" }),
  allocateMachine: defineEndpoint({ method: "POST", path: "/api/v1/machines", tag: "machines", summary: "Allocate a machine from the pool of a size (or a given machine id); 409 no_machine_available when none is free", auth: "user", body: m.allocateMachineInput, response: m.machineDto, status: 201, errors: [409, 422] }),
  getMachine: defineEndpoint({ method: "GET", path: "/api/v1/machines/{id}", tag: "machines", summary: "Get a machine", auth: "user", params: idParam, response: m.machineDto }),
  updateMachine: defineEndpoint({ method: "PATCH", path: "/api/v1/machines/{id}", tag: "machines", summary: "Rename, describe or tag an allocated machine", auth: "user", params: idParam, body: m.updateMachineInput, response: m.machineDto }),
  freeMachine: defineEndpoint({ method: "DELETE", path: "/api/v1/machines/{id}", tag: "machines", summary: "Free a machine: releases its ephemeral IPs and ASN, keeps static IPs; the machine is wiped and returns to the pool", auth: "user", params: idParam, response: m.machineDto, errors: [409] }),
  reinstallMachine: defineEndpoint({ method: "POST", path: "/api/v1/machines/{id}/reinstall", tag: "machines", summary: "Reinstall with a new image, keeping the allocation and the disks not marked wipeOnReinstall", auth: "user", params: idParam, body: m.reinstallMachineInput, response: m.machineDto, errors: [409, 422] }),
  machineEvents: defineEndpoint({ method: "GET", path: "/api/v1/machines/{id}/events", tag: "machines", summary: "The machine's provisioning history, newest first", auth: "user", params: idParam, response: m.machineEventsDto }),
  setMachineCondition: defineEndpoint({ method: "PATCH", path: "/api/v1/admin/machines/{id}/condition", tag: "machines", summary: "Lock, taint or release a machine, with a reason (operators)", auth: "user", params: idParam, body: m.machineConditionInput, response: m.machineDto }),
  getAdminMachine: defineEndpoint({ method: "GET", path: "/api/v1/admin/machines/{id}", tag: "machines", summary: "A machine with its full inventory: CPUs, memory, disks, NICs with LLDP neighbours, GPUs, BMC address and protocol (never a password) (operators)", auth: "user", params: idParam, response: m.adminMachineDto }),
  reenrollMachine: defineEndpoint({ method: "POST", path: "/api/v1/admin/machines/{id}/reenroll", tag: "machines", summary: "Allow one new registration of this known machine with the partition boot credential within a window (it lost its machine credential); operators, audited", auth: "user", params: idParam, body: m.reenrollInput, response: m.reenrollDto }),
  deleteMachine: defineEndpoint({ method: "DELETE", path: "/api/v1/admin/machines/{id}", tag: "machines", summary: "Delete the record of a free, Dead, unlocked machine (operators)", auth: "user", params: idParam, status: 204, errors: [409] }),
};
