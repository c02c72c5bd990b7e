import { z } from "zod";
import { BmcError } from "../driver";
import type { RedfishClient, RedfishDoc } from "./client";
import { parseResource } from "./parse";
import { collectionSchema, type RedfishSystem, systemSchema } from "./schemas";

/**
 * Where this BMC's resources live, discovered instead of guessed (ids differ per vendor:
 * Systems/1, Systems/System.Embedded.1, Systems/437XR1138R2…). The system is the one the
 * connection names — a path in the address (".../redfish/v1/Systems/<id>") or `systemId` —
 * else the only member of the service root's Systems collection; several members and none
 * named is a configuration error listing them (a blade or multi-node chassis). Manager and
 * chassis come from the system's Links.ManagedBy / Links.Chassis, else the first member of
 * Managers / Chassis; both are optional (without them readInfo reports no firmware version
 * and no power data).
 */
export type Topology = { system: string; manager: string | null; chassis: string | null };
/** How the connection names its system: a path from the address, an id, or nothing. */
export type SystemSelector = { path: string | null; id: string | null };

async function members(client: RedfishClient, collection: { "@odata.id": string } | undefined): Promise<string[]> {
  if (!collection) return [];
  const doc = await client.get(collection["@odata.id"], z.unknown());
  return parseResource(collectionSchema, doc.data, doc.url).Members.map((m) => m["@odata.id"]);
}

const lastSegment = (path: string) => decodeURIComponent(path.replace(/\/+$/, "").split("/").at(-1) ?? "");

/** The system's path among the collection's members, or a config error naming the choices. */
export function selectSystem(systems: string[], wanted: SystemSelector, where: string): string {
  const choices = systems.map(lastSegment);
  const listed = choices.map((c) => `"${c}"`).join(", ");
  if (wanted.path || wanted.id) {
    const name = wanted.id ?? lastSegment(wanted.path!);
    const found = systems.find((s) => lastSegment(s) === name);
    if (found) return found;
    throw new BmcError("config", `the BMC at ${where} has no computer system "${name}"; its systems: ${listed || "none"}`, choices);
  }
  if (systems.length === 1) return systems[0];
  if (systems.length === 0) throw new BmcError("malformed", `malformed Redfish service root ${where}/redfish/v1/: Systems: no computer system`);
  throw new BmcError("config", `the BMC at ${where} manages ${systems.length} computer systems (${listed}); name one in the BMC settings (system ${choices[0]}, or the address ${where}/redfish/v1/Systems/${choices[0]})`, choices);
}

export async function discoverTopology(client: RedfishClient, wanted: SystemSelector): Promise<{ topology: Topology; system: RedfishDoc<RedfishSystem>; systems: string[] }> {
  const root = await client.root();
  const systemPaths = await members(client, root.Systems);
  const systemPath = selectSystem(systemPaths, wanted, client.url("/").replace(/\/$/, ""));
  const system = await client.get(systemPath, systemSchema);
  const links = system.data.Links;
  const manager = links?.ManagedBy?.[0]?.["@odata.id"] ?? (await members(client, root.Managers))[0] ?? null;
  const chassis = links?.Chassis?.[0]?.["@odata.id"] ?? (await members(client, root.Chassis))[0] ?? null;
  return { topology: { system: system.url, manager: manager && client.url(manager), chassis: chassis && client.url(chassis) }, system, systems: systemPaths.map(lastSegment) };
}
