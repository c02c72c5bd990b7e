import { z } from "zod";
import { BmcError } from "../driver";
import type { RedfishClient, RedfishDoc } from "./client";
import { firstMember } from "./parse";
import { type RedfishSystem, systemSchema } from "./schemas";

/**
 * Where this BMC's resources live, discovered instead of guessed (ids differ per vendor:
 * Systems/1, Systems/System.Embedded.1, Systems/437XR1138R2…): the first member of the
 * service root's Systems collection, and the system's own Links.ManagedBy / Links.Chassis,
 * else the first member of Managers / Chassis. Manager and chassis are optional: without them
 * readInfo reports no firmware version and no power data.
 */
export type Topology = { system: string; manager: string | null; chassis: string | null };

async function firstOf(client: RedfishClient, collection: { "@odata.id": string } | undefined): Promise<string | null> {
  if (!collection) return null;
  const doc = await client.get(collection["@odata.id"], z.unknown());
  return firstMember(doc.data, doc.url);
}

export async function discoverTopology(client: RedfishClient): Promise<{ topology: Topology; system: RedfishDoc<RedfishSystem> }> {
  const root = await client.root();
  const systemPath = await firstOf(client, root.Systems);
  if (!systemPath) throw new BmcError("malformed", `malformed Redfish service root ${client.url("/redfish/v1/")}: Systems: no computer system`);
  const system = await client.get(systemPath, systemSchema);
  const links = system.data.Links;
  const manager = links?.ManagedBy?.[0]?.["@odata.id"] ?? (await firstOf(client, root.Managers));
  const chassis = links?.Chassis?.[0]?.["@odata.id"] ?? (await firstOf(client, root.Chassis));
  return { topology: { system: system.url, manager: manager && client.url(manager), chassis: chassis && client.url(chassis) }, system };
}
