import { eq } from "drizzle-orm";
import { recordingChassis, testBmcInfo } from "@/lab/bmc/test-chassis";
import { type RedfishBmc, type RedfishBmcOptions, startRedfishBmc } from "@/lab/bmc/redfish-emulator";
import type { Db } from "@/lib/db/client";
import { bmcCommands } from "@/lib/db/schema";
import { inTx } from "../tx";
import { saveReportedBmc } from "./records";

/** Shared by the BMC service tests (not used by the app): a machine whose BMC is a real lab Redfish emulator. */
export const BMC_PASSWORD = "Emul4ted-BMC-pw";

export async function attachRedfishBmc(
  machineId: string,
  o: { password?: string; reportedPassword?: string; emulator?: Partial<RedfishBmcOptions> } = {},
): Promise<{ bmc: RedfishBmc; chassis: ReturnType<typeof recordingChassis>["sim"]; boots: string[] }> {
  const { sim, boots } = recordingChassis();
  const bmc = await startRedfishBmc({ chassis: sim, user: "admin", password: o.password ?? BMC_PASSWORD, info: { ...testBmcInfo, serial: `SN-${machineId.slice(-6)}` }, ...o.emulator });
  await inTx(undefined, (t) => saveReportedBmc(t, machineId, { address: bmc.address, mac: "", protocol: "redfish", user: "admin", password: o.reportedPassword ?? o.password ?? BMC_PASSWORD, firmwareVersion: "", fru: {} }));
  return { bmc, chassis: sim, boots };
}

export async function commandsOf(db: Db, machineId: string) {
  return db.select().from(bmcCommands).where(eq(bmcCommands.machineId, machineId)).orderBy(bmcCommands.seq);
}
