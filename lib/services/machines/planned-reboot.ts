import { eq } from "drizzle-orm";
import { getDb } from "@/lib/db/client";
import { machines } from "@/lib/db/schema";
import { inTx } from "../tx";
import { recordControlPlaneEvent } from "./allocation-events";
import { notifyMachineChanged } from "./notify";

/**
 * Records "Planned Reboot" for every machine of a partition that the control plane itself is
 * about to power on: the embedded lab, whose simulated machines start with the server. Without
 * it, a waiting machine's PXE boot after a restart of `npm start` would be an unexpected
 * transition (Waiting → PXE Booting), i.e. crash-loop evidence, and the whole pool would drop
 * out of allocation after every restart. A real data centre's outage is different: there
 * nobody planned the reboot, and the crash-loop flags are the truth.
 */
export async function recordPlannedReboots(partitionId: string, message: string): Promise<number> {
  const db = await getDb();
  const ids = await db.select({ id: machines.id }).from(machines).where(eq(machines.partitionId, partitionId));
  for (const { id } of ids) {
    await inTx(undefined, async (t) => {
      await recordControlPlaneEvent(t, id, "Planned Reboot", message);
      await notifyMachineChanged(t, id);
    });
  }
  return ids.length;
}
