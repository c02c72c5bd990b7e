import { eq } from "drizzle-orm";
import type { Actor } from "@/lib/auth/principal";
import type { AllocateMachineInput, MachineDto } from "@/lib/contracts/machines";
import type { Executor } from "@/lib/db/client";
import { machineAllocations, machines } from "@/lib/db/schema";
import { acquireAsn } from "@/lib/services/ipam/pools";
import { getWritableProject } from "@/lib/services/networks/access";
import { lockProjectForQuotas } from "@/lib/services/networks/quotas";
import { recordAudit } from "../audit";
import { inTx } from "../tx";
import { assertLayoutFits, assertPartitionExists, assertSizeExists, chooseLayout, resolveMachineImage } from "./allocation-checks";
import { acquireMachineIps, planNetworks } from "./allocation-networks";
import { assertMachineQuota, assertReservationsAllow, claimExplicitMachine, claimPoolMachine } from "./allocation-placement";
import { loadMachine, machineAudit, toMachineDto } from "./machines";
import { notifyMachineChanged } from "./notify";

/**
 * DOMAIN §3.2 in ONE transaction: validate, claim a machine, take its IPs and ASN, write the
 * allocation, audit, and NOTIFY the machine's waiting agent (delivered on commit). Any failure
 * rolls all of it back, so there are never half-allocated machines or orphaned IPs.
 *
 * Reads and checks come first and the contended steps last, so locks are held briefly: the
 * machine row (SKIP LOCKED: allocations never wait for each other), then IPs (SKIP LOCKED free
 * ranges), then the ASN pool, whose lock serialises only the last few statements.
 */
export async function allocateMachine(actor: Actor, input: AllocateMachineInput, tx?: Executor): Promise<MachineDto> {
  return inTx(tx, async (t) => {
    const grants = actor.principal.grants;
    const project = await getWritableProject(t, grants, input.projectId);
    await lockProjectForQuotas(t, project.id, ["machines", "ips"]); // before the machine row: lock order
    await assertPartitionExists(t, input.partitionId);
    const explicit = input.machineId ? await claimExplicitMachine(t, input.machineId, input.partitionId, input.sizeId) : null;
    const sizeId = explicit?.sizeId ?? input.sizeId!;
    if (!explicit) await assertSizeExists(t, sizeId);
    const image = await resolveMachineImage(t, input.image, sizeId);
    const layout = await chooseLayout(t, input.filesystemLayoutId, sizeId, image);
    const planned = await planNetworks(t, grants, { ...input, projectId: project.id });
    await assertMachineQuota(t, project.id);
    const pool = { partitionId: input.partitionId, sizeId };
    if (!explicit) await assertReservationsAllow(t, project.id, pool);
    const machine = explicit ?? await claimPoolMachine(t, project.id, pool);
    assertLayoutFits(layout, machine.id, machine.hardware);

    const hostname = input.hostname ?? defaultHostname(machine.id);
    const networks = await acquireMachineIps(t, planned, project.id, machine.id, hostname);
    const asn = await acquireAsn(t, machine.id);
    await t.insert(machineAllocations).values({
      machineId: machine.id, projectId: project.id, role: "machine", name: input.name, description: input.description, hostname,
      imageId: image.id, filesystemLayoutId: layout.id, sshPublicKeys: input.sshPublicKeys, userdata: input.userdata,
      networks, asn, creator: actor.principal.name, tags: input.tags,
    });
    await t.update(machines).set({ projectId: project.id, imageId: image.id, filesystemLayoutId: layout.id, updatedAt: new Date() }).where(eq(machines.id, machine.id));
    const row = (await loadMachine(t, machine.id))!;
    const dto = toMachineDto(row);
    await recordAudit(t, actor, { action: "machine.allocate", ...machineAudit(row), after: dto });
    await notifyMachineChanged(t, machine.id);
    return dto;
  });
}

/** "machine-" and the first 8 characters of the hardware UUID: a DNS label, stable per machine. */
export function defaultHostname(machineId: string): string {
  return `machine-${machineId.toLowerCase().replace(/[^a-z0-9]/g, "").slice(0, 8)}`;
}
