import { sql } from "drizzle-orm";
import { insertFromJson, prepare, runPrepared, toJsonRows } from "@/lib/db/prepared";
import type { Actor } from "@/lib/auth/principal";
import type { AllocateMachineInput, MachineDto } from "@/lib/contracts/machines";
import type { Executor } from "@/lib/db/client";
import { auditEntries, ips, machineAllocations } from "@/lib/db/schema";
import { assertWritableProject } from "@/lib/services/networks/access";
import { lockProjectForQuotas } from "@/lib/services/networks/quotas";
import { auditValues } from "../audit";
import { inTx } from "../tx";
import { assertLayoutFits, assertPartitionFact, assertSizeFact, chooseImage, chooseLayoutFrom, lockCatalogRows } from "./allocation-checks";
import { readAllocationFacts } from "./allocation-facts";
import { finishResources, planResources, type ResourceRow, takeResources } from "./allocation-resources";
import { planNetworks } from "./allocation-networks";
import { assertMachineQuota, assertReservationsAllow, claimExplicitMachine, claimPoolMachine, type PoolClaim } from "./allocation-placement";
import { loadMachine, machineAudit, type MachineDtoSource, toMachineDto } from "./machines";
import { notifyMachineChanged } from "./notify";

/**
 * The allocation's writes in ONE prepared statement: the IP rows, the allocation row and the audit
 * entry (WITH, each passed as one jsonb parameter: lib/db/prepared.ts insertFromJson) and the
 * machine's update. Data-modifying WITH clauses run exactly once each.
 */
const IP_KEYS = ["id", "address", "family", "networkId", "ipamPrefixId", "projectId", "kind", "machineId", "name", "description", "tags", "createdAt", "updatedAt"];
const ALLOCATION_KEYS = ["machineId", "projectId", "role", "name", "description", "hostname", "imageId", "filesystemLayoutId", "sshPublicKeys", "userdata", "networks", "asn", "creator", "tags", "allocatedAt", "updatedAt"];
const AUDIT_KEYS = ["actorType", "actorId", "actorName", "requestId", "action", "targetType", "targetId", "tenantId", "projectId", "before", "after"];
const p = sql.placeholder;
const writeStatement = prepare("allocation_write", sql`with i as (${insertFromJson(ips, IP_KEYS, "ips")}),
  a as (${insertFromJson(machineAllocations, ALLOCATION_KEYS, "allocation")}),
  e as (${insertFromJson(auditEntries, AUDIT_KEYS, "audit")})
  update machines set project_id = ${p("projectId")}, image_id = ${p("imageId")}, filesystem_layout_id = ${p("layoutId")}, updated_at = ${p("now")}::timestamptz
  where id = ${p("machineId")}`);

/**
 * DOMAIN §3.2 in ONE transaction: validate, claim a machine, take its IPs and ASN, write the
 * allocation, audit, and NOTIFY the machine's waiting agent (delivered on commit). Any failure
 * rolls all of it back, so there are never half-allocated machines or orphaned IPs.
 *
 * Reads and checks come first and the contended steps last, so locks are held briefly: the
 * machine row (SKIP LOCKED: allocations never wait for each other) with its IPs (SKIP LOCKED free
 * ranges) and its ASN (a per-value lock, tried).
 *
 * Round trips are what an allocation costs (issue 14: on a 2-core box with 64 clients, each
 * statement is Node and PostgreSQL CPU, and a socket write and wake-up on each side). From the
 * pool: one statement reads the project, the catalog, the project's networks with their prefixes
 * and the pool view (allocation-facts.ts); one claims the machine, locks the image and layout and
 * takes the IPs and the ASN (allocation-placement.ts, allocation-resources.ts); one writes the IP
 * rows, the allocation, the machine's update and the audit entry — the DTO is composed from what
 * the claim read, not read back. All three are prepared (lib/db/prepared.ts). The NOTIFY goes out
 * after commit, batched with others (tx.ts). allocation-statements.test.ts pins the count.
 */
export async function allocateMachine(actor: Actor, input: AllocateMachineInput, tx?: Executor): Promise<MachineDto> {
  return inTx(tx, async (t) => {
    const grants = actor.principal.grants;
    const facts = await readAllocationFacts(t, {
      projectId: input.projectId, partitionId: input.partitionId, sizeId: input.sizeId ?? "", image: input.image, withNetworks: !input.networkId, withPool: !input.machineId,
    });
    const project = assertWritableProject(grants, facts.project);
    await lockProjectForQuotas(t, project.id, ["machines", "ips"], project); // before the machine row: lock order
    assertPartitionFact(facts, input.partitionId);
    const explicit = input.machineId ? await claimExplicitMachine(t, grants, input.machineId, input.partitionId, input.sizeId) : null;
    const sizeId = explicit?.sizeId ?? input.sizeId!;
    // An explicit machine of another size than the request named (or none): its size's facts.
    const catalog = sizeId === input.sizeId ? facts : await readAllocationFacts(t, { partitionId: input.partitionId, sizeId, image: input.image });
    if (!explicit) assertSizeFact(catalog, sizeId);
    const image = chooseImage(catalog, input.image, sizeId);
    const layout = chooseLayoutFrom(catalog.layouts, input.filesystemLayoutId, sizeId, image);
    if (explicit) await lockCatalogRows(t, image.id, layout.id); // the pool claim locks them with the machine
    const planned = await planNetworks(t, grants, { ...input, projectId: project.id }, facts.ownNetworks);
    await assertMachineQuota(t, project.id, project);
    const slots = await planResources(t, planned, project, facts.prefixes);
    const pool = { partitionId: input.partitionId, sizeId };
    let claimed: PoolClaim & { resources?: ResourceRow };
    if (explicit) {
      const row = (await loadMachine(t, explicit.id))!;
      claimed = { machine: row.machine, container: row.container, lastEventTime: row.lastEventTime, bmcInfo: row.bmcInfo ?? null };
    } else {
      await assertReservationsAllow(t, project.id, pool, facts.pool!.reserved);
      claimed = await claimPoolMachine(t, facts.pool!, pool, { imageId: image.id, layoutId: layout.id }, slots);
    }
    const machine = claimed.machine;
    assertLayoutFits(layout, machine.id, machine.hardware);

    const hostname = input.hostname ?? defaultHostname(machine.id);
    const found = claimed.resources ?? await takeResources(t, slots, machine.id);
    const { networks, rows: ipRows, asn } = await finishResources(t, planned, slots, found, project.id, machine.id, hostname);
    const now = new Date();
    const allocation = {
      machineId: machine.id, projectId: project.id, role: "machine" as const, name: input.name, description: input.description, hostname,
      imageId: image.id, filesystemLayoutId: layout.id, sshPublicKeys: input.sshPublicKeys, userdata: input.userdata,
      networks, asn, creator: actor.principal.name, tags: input.tags, allocatedAt: now, updatedAt: now,
    };
    // The machine as it is once this commits, composed rather than read back.
    const after: MachineDtoSource = {
      machine: { ...machine, projectId: project.id, imageId: image.id, filesystemLayoutId: layout.id, updatedAt: now },
      allocation: { ...allocation, succeeded: false, reinstall: false, bootInfo: null, previousBootInfo: null },
      container: claimed.container, lastEventTime: claimed.lastEventTime, tenantId: project.tenantId, bmcInfo: claimed.bmcInfo,
    };
    const dto = toMachineDto(after);
    const audit = auditValues(actor, { action: "machine.allocate", ...machineAudit(after), after: dto });
    await runPrepared(t, writeStatement, {
      ips: toJsonRows(ips, IP_KEYS, ipRows), allocation: toJsonRows(machineAllocations, ALLOCATION_KEYS, [allocation]), audit: toJsonRows(auditEntries, AUDIT_KEYS, [audit]),
      machineId: machine.id, projectId: project.id, imageId: image.id, layoutId: layout.id, now: now.toISOString(),
    });
    await notifyMachineChanged(t, machine.id); // sent after commit, batched (tx.ts)
    return dto;
  });
}

/** "machine-" and the first 8 characters of the hardware UUID: a DNS label, stable per machine. */
export function defaultHostname(machineId: string): string {
  return `machine-${machineId.toLowerCase().replace(/[^a-z0-9]/g, "").slice(0, 8)}`;
}
