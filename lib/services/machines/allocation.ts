import { eq, sql } from "drizzle-orm";
import type { Actor } from "@/lib/auth/principal";
import type { AllocateMachineInput, MachineDto } from "@/lib/contracts/machines";
import type { Executor } from "@/lib/db/client";
import { machineAllocations, machines } from "@/lib/db/schema";
import { acquireAsn } from "@/lib/services/ipam/pools";
import { assertWritableProject } from "@/lib/services/networks/access";
import { lockProjectForQuotas } from "@/lib/services/networks/quotas";
import { recordAudit } from "../audit";
import { inTx } from "../tx";
import { assertLayoutFits, assertPartitionFact, assertSizeFact, chooseImage, chooseLayoutFrom, lockCatalogRows, readCatalogFacts } from "./allocation-checks";
import { acquireMachineIps, planNetworks } from "./allocation-networks";
import { assertMachineQuota, assertReservationsAllow, claimExplicitMachine, claimPoolMachine, readPool } from "./allocation-placement";
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
 *
 * Round trips are what an allocation costs (issue 14: on a 2-core box with 64 clients, each
 * statement is Node and PostgreSQL CPU): the project and the catalog are read in one statement,
 * the networks' prefixes in one, each IP in two (its free range, then the range's remainder, the
 * IPAM row and the ips row together), the ASN in one, the allocation with the machine's update
 * in one, the audit entry in one; the NOTIFY goes out after commit, batched with others (tx.ts). allocation-statements.test.ts pins the count.
 */
export async function allocateMachine(actor: Actor, input: AllocateMachineInput, tx?: Executor): Promise<MachineDto> {
  return inTx(tx, async (t) => {
    const grants = actor.principal.grants;
    const facts = await readCatalogFacts(t, { projectId: input.projectId, partitionId: input.partitionId, sizeId: input.sizeId ?? "", image: input.image });
    const project = assertWritableProject(grants, facts.project);
    await lockProjectForQuotas(t, project.id, ["machines", "ips"], project); // before the machine row: lock order
    assertPartitionFact(facts, input.partitionId);
    const explicit = input.machineId ? await claimExplicitMachine(t, grants, input.machineId, input.partitionId, input.sizeId) : null;
    const sizeId = explicit?.sizeId ?? input.sizeId!;
    // An explicit machine of another size than the request named (or none): its size's facts.
    const catalog = sizeId === input.sizeId ? facts : await readCatalogFacts(t, { partitionId: input.partitionId, sizeId, image: input.image });
    if (!explicit) assertSizeFact(catalog, sizeId);
    const image = chooseImage(catalog, input.image, sizeId);
    const layout = chooseLayoutFrom(catalog.layouts, input.filesystemLayoutId, sizeId, image);
    await lockCatalogRows(t, image.id, layout.id);
    const planned = await planNetworks(t, grants, { ...input, projectId: project.id });
    await assertMachineQuota(t, project.id, project);
    const pool = { partitionId: input.partitionId, sizeId };
    const view = explicit ? null : await readPool(t, project.id, pool);
    if (view) await assertReservationsAllow(t, project.id, pool, view.reserved);
    const machine = explicit ?? await claimPoolMachine(t, view!, pool);
    assertLayoutFits(layout, machine.id, machine.hardware);

    const hostname = input.hostname ?? defaultHostname(machine.id);
    const networks = await acquireMachineIps(t, planned, project, machine.id, hostname);
    const asn = await acquireAsn(t, machine.id);
    const allocation = t.insert(machineAllocations).values({
      machineId: machine.id, projectId: project.id, role: "machine", name: input.name, description: input.description, hostname,
      imageId: image.id, filesystemLayoutId: layout.id, sshPublicKeys: input.sshPublicKeys, userdata: input.userdata,
      networks, asn, creator: actor.principal.name, tags: input.tags,
    });
    // One statement: the allocation row (WITH) and the machine's update.
    const update = t.update(machines).set({ projectId: project.id, imageId: image.id, filesystemLayoutId: layout.id, updatedAt: new Date() }).where(eq(machines.id, machine.id));
    await t.execute(sql`with a as (${allocation.getSQL()}) ${update.getSQL()}`);
    const row = (await loadMachine(t, machine.id))!;
    const dto = toMachineDto(row);
    await recordAudit(t, actor, { action: "machine.allocate", ...machineAudit(row), after: dto });
    await notifyMachineChanged(t, machine.id); // sent after commit, batched (tx.ts)
    return dto;
  });
}

/** "machine-" and the first 8 characters of the hardware UUID: a DNS label, stable per machine. */
export function defaultHostname(machineId: string): string {
  return `machine-${machineId.toLowerCase().replace(/[^a-z0-9]/g, "").slice(0, 8)}`;
}
