import { and, eq, sql } from "drizzle-orm";
import type { Actor } from "@/lib/auth/principal";
import type { IpxeQuery } from "@/lib/contracts/endpoints-boot";
import type { Tx } from "@/lib/db/client";
import type { BootConfig } from "@/lib/db/schema";
import { machines } from "@/lib/db/schema";
import { ipInNetworks } from "@/lib/domain/ipam";
import { getEnv } from "@/lib/env";
import { ForbiddenError } from "@/lib/http/errors";
import { getPartitionRow } from "../catalog/partitions";
import { inTx } from "../tx";
import { ensureIpxeCredential } from "./boot-credentials";
import { recordMachineEvent } from "./events";

/**
 * The iPXE script for a partition. iPXE cannot send headers, so the endpoint needs no credential
 * and the script carries the partition's iPXE boot credential on the kernel command line: the
 * boot network is trusted, exactly as with every PXE installer. That is why it is served only by
 * the boot listener (BOOT_HOST on the management network; the public port answers 404), the
 * partition's bootNetworks can narrow it to the boot network's addresses, and the credential
 * cannot take over a known machine (registration of a known UUID needs its own credential).
 * The agent API URL it hands out is the boot listener's (BOOT_URL).
 */
export function renderIpxeScript(p: { partitionId: string; boot: BootConfig; apiUrl: string; credential: string }): string {
  // A line break in the operator's command line would start a new iPXE command.
  const cmdline = p.boot.commandLine.replace(/[\r\n]+/g, " ").trim();
  const args = [
    "initrd=initrd",
    cmdline,
    `METAL_API_URL=${p.apiUrl}`,
    `METAL_PARTITION=${p.partitionId}`,
    `METAL_BOOT_CREDENTIAL=${p.credential}`,
  ].filter(Boolean);
  return [
    "#!ipxe",
    `# metal agent for partition ${p.partitionId}`,
    `kernel ${p.boot.kernelUrl} ${args.join(" ")}`,
    `initrd --name initrd ${p.boot.initrdUrl}`,
    "boot",
    "",
  ].join("\n");
}

async function machineWithMac(t: Tx, partitionId: string, mac: string): Promise<string | null> {
  const [row] = await t.select({ id: machines.id }).from(machines)
    .where(and(eq(machines.partitionId, partitionId), sql`${machines.hardware} -> 'nics' @> ${JSON.stringify([{ mac }])}::jsonb`))
    .limit(1);
  return row?.id ?? null;
}

/**
 * A partition with bootNetworks serves its boot service only to sources inside them: the iPXE
 * script (which carries the boot credential) and registration answer 403 to anyone else.
 */
export function assertBootSource(partition: { id: string; bootNetworks: string[] }, source: string | null): void {
  if (partition.bootNetworks.length === 0) return;
  if (source === null || !ipInNetworks(source, partition.bootNetworks)) {
    throw new ForbiddenError(`The source address ${source ?? "(unknown)"} is outside partition ${partition.id}'s boot networks.`);
  }
}

/** The script, and a PXE Booting event when the MAC belongs to a machine of the partition. */
export async function ipxeScript(query: IpxeQuery, requestId?: string, source: string | null = null): Promise<string> {
  const actor: Actor = { principal: { kind: "system", userId: null, name: "boot service (iPXE)", email: "", grants: [] }, requestId };
  return inTx(undefined, async (t) => {
    const partition = await getPartitionRow(t, query.partition);
    assertBootSource(partition, source);
    const credential = await ensureIpxeCredential(t, partition.id, actor);
    const machineId = query.mac ? await machineWithMac(t, partition.id, query.mac) : null;
    if (machineId) await recordMachineEvent(t, machineId, { event: "PXE Booting" });
    return renderIpxeScript({ partitionId: partition.id, boot: partition.bootConfig, apiUrl: getEnv().boot.url, credential });
  });
}
