import { defineEndpoint } from "@/lib/http/endpoint";
import { pageSchema } from "@/lib/http/pagination";
import { idParam } from "./common";
import * as n from "./networks";

export const networkEndpoints = {
  listNetworks: defineEndpoint({ method: "GET", path: "/api/v1/networks", tag: "networks", summary: "List networks visible to the caller", auth: "user", query: n.listNetworksQuery, response: pageSchema(n.networkDto) }),
  createNetwork: defineEndpoint({ method: "POST", path: "/api/v1/networks", tag: "networks", summary: "Create a private network (tenants) or an infrastructure network (operators)", auth: "user", body: n.createNetworkInput, response: n.networkDto, status: 201 }),
  getNetwork: defineEndpoint({ method: "GET", path: "/api/v1/networks/{id}", tag: "networks", summary: "Get a network with its prefix usage", auth: "user", params: idParam, response: n.networkDto }),
  updateNetwork: defineEndpoint({ method: "PATCH", path: "/api/v1/networks/{id}", tag: "networks", summary: "Update a network", auth: "user", params: idParam, body: n.updateNetworkInput, response: n.networkDto }),
  deleteNetwork: defineEndpoint({ method: "DELETE", path: "/api/v1/networks/{id}", tag: "networks", summary: "Delete a network (releases its ephemeral IPs; refused while machines use it)", auth: "user", params: idParam, status: 204 }),
  listIps: defineEndpoint({ method: "GET", path: "/api/v1/ips", tag: "ips", summary: "List IP addresses of the caller's projects", auth: "user", query: n.listIpsQuery, response: pageSchema(n.ipDto) }),
  acquireIp: defineEndpoint({ method: "POST", path: "/api/v1/ips", tag: "ips", summary: "Acquire an IP address in a network", auth: "user", body: n.acquireIpInput, response: n.ipDto, status: 201 }),
  getIp: defineEndpoint({ method: "GET", path: "/api/v1/ips/{id}", tag: "ips", summary: "Get an IP address", auth: "user", params: idParam, response: n.ipDto }),
  updateIp: defineEndpoint({ method: "PATCH", path: "/api/v1/ips/{id}", tag: "ips", summary: "Rename, tag, or make static", auth: "user", params: idParam, body: n.updateIpInput, response: n.ipDto }),
  releaseIp: defineEndpoint({ method: "DELETE", path: "/api/v1/ips/{id}", tag: "ips", summary: "Release an IP address", auth: "user", params: idParam, status: 204 }),
};
