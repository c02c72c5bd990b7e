import type { z } from "zod";
import type { InstallInstructions, waitDto } from "@/lib/contracts/agent";
import { getDb } from "@/lib/db/client";
import { type AgentPrincipal, getMachineForAgent } from "./agent-auth";
import { pendingInstallInstructions } from "./agent-install";
import { subscribeMachine } from "./notify";

export type WaitDto = z.infer<typeof waitDto>;

/** One consistent snapshot (allocation, image, layout, networks), held only for the check. */
async function checkOnce(machineId: string): Promise<InstallInstructions | null> {
  const db = await getDb();
  return db.transaction((t) => pendingInstallInstructions(t, machineId), { isolationLevel: "repeatable read", accessMode: "read only" });
}

/**
 * The agent's long poll. Answers at once when the machine has an allocation to install;
 * otherwise waits for a change notification (NOTIFY machine_changed, sent by the allocating
 * transaction) or the timeout, then answers {allocated:false} and the agent asks again.
 *
 * Each round subscribes BEFORE it checks, so an allocation committed between the check and the
 * wait still wakes it. Notifications about other changes (its own events, say) only cause
 * another check within the same deadline. No transaction is held while waiting.
 */
export async function waitForInstall(agent: AgentPrincipal, machineId: string, opts: { timeoutMs: number; signal?: AbortSignal }): Promise<WaitDto> {
  await getMachineForAgent(await getDb(), agent, machineId, "machine-credential");
  const deadline = Date.now() + opts.timeoutMs;
  for (;;) {
    const subscription = await subscribeMachine(machineId);
    try {
      const install = await checkOnce(machineId);
      if (install) return { allocated: true, install };
      const remaining = deadline - Date.now();
      if (remaining <= 0 || opts.signal?.aborted) return { allocated: false };
      if (!(await subscription.changed(remaining, opts.signal))) return { allocated: false };
    } finally {
      subscription.close();
    }
  }
}
