import type { PowerSupplyInfo } from "../driver";
import type { RedfishClient } from "./client";
import { identifyState, toPowerSupplyInfo } from "./parse";
import {
  chassisSchema, collectionSchema, environmentMetricsSchema, powerSchema, powerSubsystemSchema, powerSupplySchema, type RedfishChassis,
} from "./schemas";

/**
 * Power draw and power supplies from the chassis: the deprecated Chassis/Power resource when
 * the BMC has it (one request, PowerControl[0].PowerConsumedWatts), else PowerSubsystem's
 * PowerSupplies (one request per supply) with the draw from EnvironmentMetrics.PowerWatts.
 */
export type ChassisPower = { watts: number | null; supplies: PowerSupplyInfo[]; identifyOn: boolean | null; doc: RedfishChassis };

async function supplyMembers(client: RedfishClient, subsystemPath: string): Promise<PowerSupplyInfo[]> {
  const subsystem = await client.get(subsystemPath, powerSubsystemSchema);
  const collectionPath = subsystem.data.PowerSupplies?.["@odata.id"];
  if (!collectionPath) return [];
  const members = (await client.get(collectionPath, collectionSchema)).data.Members;
  const docs = await Promise.all(members.map((m) => client.get(m["@odata.id"], powerSupplySchema)));
  return docs.map((d, i) => toPowerSupplyInfo(d.data, i));
}

async function environmentWatts(client: RedfishClient, path: string | undefined): Promise<number | null> {
  if (!path) return null;
  return (await client.get(path, environmentMetricsSchema)).data.PowerWatts?.Reading ?? null;
}

export async function readChassisPower(client: RedfishClient, chassisUrl: string): Promise<ChassisPower> {
  const chassis = (await client.get(chassisUrl, chassisSchema)).data;
  const identifyOn = identifyState(chassis);
  const envPath = chassis.EnvironmentMetrics?.["@odata.id"];
  if (chassis.Power) {
    const power = (await client.get(chassis.Power["@odata.id"], powerSchema)).data;
    const supplies = (power.PowerSupplies ?? []).map(toPowerSupplyInfo);
    const watts = power.PowerControl?.[0]?.PowerConsumedWatts ?? (await environmentWatts(client, envPath));
    return { watts, supplies, identifyOn, doc: chassis };
  }
  const [supplies, watts] = await Promise.all([
    chassis.PowerSubsystem ? supplyMembers(client, chassis.PowerSubsystem["@odata.id"]) : Promise.resolve([]),
    environmentWatts(client, envPath),
  ]);
  return { watts, supplies, identifyOn, doc: chassis };
}
