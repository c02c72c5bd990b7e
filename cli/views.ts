import type { ResourceView } from "./output/format";

/**
 * Table columns per resource. Each names the API field it shows (see -o json for all of them);
 * fields the API adds later appear in json/yaml/template output without a change here.
 * Machines: hostname first, as operators and tenants recognise their machines by it.
 */
export const views = {
  machine: {
    columns: [
      { field: "allocation.hostname", header: "HOSTNAME" },
      { field: "id" },
      { field: "state" },
      { field: "liveliness" },
      { field: "partitionId", header: "PARTITION" },
      { field: "sizeId", header: "SIZE" },
      { field: "allocation.imageId", header: "IMAGE" },
      { field: "allocation.networks[*].addresses", header: "IPS" },
    ],
    wide: [
      { field: "allocation.projectId", header: "PROJECT" },
      { field: "rack" },
      { field: "condition" },
      { field: "allocation.name", header: "NAME" },
      { field: "allocation.tags", header: "TAGS" },
      { field: "lastEventTime" },
      { field: "lastError.message", header: "LAST ERROR" },
    ],
  },
  machineEvent: { columns: [{ field: "time" }, { field: "event" }, { field: "message" }], wide: [{ field: "unexpected" }] },
  bmcCommand: {
    columns: [{ field: "id" }, { field: "command" }, { field: "status" }, { field: "attempts" }, { field: "createdAt" }, { field: "error" }],
    wide: [{ field: "origin" }, { field: "requester" }, { field: "persistent" }, { field: "finishedAt" }],
  },
  network: {
    columns: [{ field: "name" }, { field: "id" }, { field: "kind" }, { field: "partitionId", header: "PARTITION" }, { field: "prefixes[*].cidr", header: "PREFIXES" }, { field: "vrf" }],
    wide: [{ field: "projectId", header: "PROJECT" }, { field: "parentNetworkId", header: "PARENT" }, { field: "nat" }, { field: "destinationPrefixes" }, { field: "description" }],
  },
  ip: {
    columns: [{ field: "address" }, { field: "id" }, { field: "name" }, { field: "kind" }, { field: "networkId", header: "NETWORK" }, { field: "machineId", header: "MACHINE" }],
    wide: [{ field: "projectId", header: "PROJECT" }, { field: "family" }, { field: "tags" }, { field: "description" }, { field: "createdAt" }],
  },
  switch: {
    columns: [{ field: "id" }, { field: "partitionId", header: "PARTITION" }, { field: "rack" }, { field: "mode" }, { field: "lastSync.time", header: "LAST SYNC" }, { field: "issues" }],
    wide: [{ field: "os.vendor", header: "OS" }, { field: "os.version", header: "VERSION" }, { field: "agentVersion", header: "AGENT" }, { field: "managementAddress", header: "MANAGEMENT" }, { field: "connectedMachines", header: "MACHINES" }, { field: "lastError.message", header: "LAST ERROR" }],
  },
  switchPort: {
    columns: [{ field: "name" }, { field: "role" }, { field: "machineId", header: "MACHINE" }, { field: "vrf" }, { field: "desiredAdminState", header: "DESIRED" }, { field: "operState", header: "ACTUAL" }, { field: "bgp.state", header: "BGP" }],
    wide: [{ field: "mac" }, { field: "vlan" }, { field: "filter.prefixes", header: "FILTER" }, { field: "bgp.prefixesAccepted", header: "ACCEPTED" }],
  },
  partition: {
    columns: [{ field: "id" }, { field: "name" }, { field: "description" }],
    wide: [{ field: "mgmtServiceAddress" }, { field: "dnsServers" }, { field: "ntpServers" }, { field: "bootConfig.kernelUrl", header: "KERNEL URL" }],
  },
  size: {
    columns: [{ field: "id" }, { field: "name" }, { field: "description" }],
    wide: [{ field: "constraints" }],
  },
  image: {
    columns: [{ field: "id" }, { field: "name" }, { field: "classification" }, { field: "features" }, { field: "expiresAt" }],
    wide: [{ field: "url" }, { field: "description" }],
  },
  layout: {
    columns: [{ field: "id" }, { field: "name" }, { field: "description" }],
    wide: [{ field: "constraints.sizes", header: "SIZES" }, { field: "constraints.images", header: "IMAGES" }],
  },
  project: {
    columns: [{ field: "name" }, { field: "id" }, { field: "tenantName", header: "TENANT" }, { field: "myRole", header: "ROLE" }, { field: "description" }],
    wide: [{ field: "tenantId" }, { field: "quotas" }, { field: "createdAt" }],
  },
  token: {
    columns: [{ field: "description" }, { field: "id" }, { field: "prefix" }, { field: "status" }, { field: "expiresAt" }, { field: "lastUsedAt" }],
    wide: [{ field: "roles" }, { field: "createdAt" }],
  },
  audit: {
    columns: [{ field: "time" }, { field: "actor.name", header: "ACTOR" }, { field: "action" }, { field: "target.type", header: "TARGET TYPE" }, { field: "target.id", header: "TARGET" }, { field: "result" }],
    wide: [{ field: "requestId" }, { field: "tenantId" }, { field: "projectId" }],
  },
  context: {
    columns: [{ field: "current", header: "CURRENT" }, { field: "name" }, { field: "url" }, { field: "project" }, { field: "token" }],
  },
} satisfies Record<string, ResourceView>;
