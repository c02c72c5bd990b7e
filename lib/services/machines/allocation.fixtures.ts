import { eq, isNotNull, sql } from "drizzle-orm";
import pg from "pg";
import { allocateMachineInput, type AllocateMachineInput } from "@/lib/contracts/machines";
import type { Database, Db } from "@/lib/db/client";
import { machineProvisioning, machines } from "@/lib/db/schema";
import { uuidv7 } from "@/lib/domain/ids";
import { applyEvent, emptyContainer, type StoredEventType } from "@/lib/domain/lifecycle";
import { createLayout } from "@/lib/services/catalog/filesystem-layouts";
import { createImage } from "@/lib/services/catalog/images";
import { createPartition } from "@/lib/services/catalog/partitions";
import { createSize } from "@/lib/services/catalog/sizes";
import { GiB, imageInput, layoutInput, partitionInput, sizeInput } from "@/lib/services/catalog/test-support";
import { createNetwork } from "@/lib/services/networks/networks";
import { makeProject, makeTenant, makeUser, operator } from "@/lib/test/fixtures";
import { freeMachine } from "./allocation-release";
import { MACHINE_CHANNEL, machineIdsOf } from "./notify";

/** A partition with a pool of pre-booted machines, for the allocation tests and the benchmark (not used by the app). */

export const PARTITION = "fra1";
export const SIZE = "c1-large";
export const BIG_SIZE = "c2-xlarge";
export const IMAGE = "ubuntu-24.04.20260201";
export const OLDER_IMAGE = "ubuntu-24.04.20260101";
export const LAYOUT = "ubuntu-c1";

/** Partition, two sizes, ubuntu images, one layout per size, and a dual-stack super network. */
export async function setupCatalog(partitionId = PARTITION): Promise<void> {
  await createPartition(operator, partitionInput(partitionId));
  await createSize(operator, sizeInput(SIZE, [8, 16]));
  await createSize(operator, sizeInput(BIG_SIZE, [32, 64]));
  await createImage(operator, imageInput(IMAGE));
  await createImage(operator, imageInput(OLDER_IMAGE));
  await createImage(operator, imageInput("ubuntu-22.04.20250101"));
  await createImage(operator, imageInput("debian-12.0.20260101"));
  await createImage(operator, imageInput("firewall-ubuntu-3.0.20260101", { features: ["firewall"] }));
  await createLayout(operator, layoutInput(LAYOUT, { sizes: [SIZE], images: { ubuntu: ">= 22.4" } }));
  await createLayout(operator, layoutInput("ubuntu-c2", { sizes: [BIG_SIZE], images: { ubuntu: ">= 22.4" } }));
  await createNetwork(operator, {
    kind: "super", name: `${partitionId} tenants`, partitionId, prefixes: ["10.0.0.0/16", "fd00:10::/48"], description: "",
    destinationPrefixes: [], defaultChildPrefixLength: { ipv4: 22 }, minChildPrefixLength: { ipv4: 16 }, nat: "none", allowedProjectIds: null, labels: {},
  });
}

/** Tenant acme with project web, its owner, and a private network in the partition: ready to allocate. */
export async function setupAcmeProject(partitionId = PARTITION): Promise<{ projectId: string; owner: Awaited<ReturnType<typeof makeUser>> }> {
  const acme = await makeTenant("acme");
  const projectId = (await makeProject(acme.id, "web")).id;
  const owner = await makeUser("owner@acme", ["acme-owners"]);
  await createNetwork(owner, { kind: "private", projectId, partitionId, name: "net", description: "", labels: {} });
  return { projectId, owner };
}

export const hardware = (cores = 12) => ({
  cpus: [{ model: "AMD EPYC", cores }],
  memoryBytes: 64 * GiB,
  disks: [{ name: "/dev/sda", sizeBytes: 480 * GiB }],
  gpus: [],
  nics: [{ name: "eth0", mac: "00:00:00:00:00:01", neighbours: [] }],
});

/** The history a healthy machine has when it waits: PXE Booting → Preparing → Registering → Waiting. */
export function waitingContainer(now = Date.now()) {
  const events: StoredEventType[] = ["PXE Booting", "Preparing", "Registering", "Waiting"];
  return events.reduce((c, event, i) => applyEvent(c, { event, time: new Date(now - (events.length - i) * 1000) }).container, emptyContainer());
}

export type MachineOverrides = Partial<typeof machines.$inferInsert>;

/** A registered machine waiting for an allocation (override any column to make it unfit). */
export async function insertWaitingMachine(db: Db, o: MachineOverrides = {}): Promise<string> {
  const id = o.id ?? uuidv7();
  const container = waitingContainer();
  await db.insert(machines).values({
    id, partitionId: PARTITION, sizeId: SIZE, rack: "rack-1", hardware: hardware(), condition: "AVAILABLE", liveliness: "Alive",
    provisioningState: container.state, ...o,
  });
  await db.insert(machineProvisioning).values({ machineId: id, container, lastEventTime: container.lastEventTime });
  return id;
}

export async function insertWaitingMachines(db: Db, n: number, o: MachineOverrides = {}): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) ids.push(await insertWaitingMachine(db, o));
  return ids;
}

/** Frees every allocated machine (unlocking first) and deletes all machines: each test starts from an empty pool. */
export async function resetMachines(db: Db): Promise<void> {
  await db.update(machines).set({ condition: "AVAILABLE" }).where(isNotNull(machines.projectId));
  for (const m of await db.select({ id: machines.id }).from(machines).where(isNotNull(machines.projectId))) await freeMachine(operator, m.id);
  await db.delete(machines);
}

export const allocation = (projectId: string, extra: Partial<Record<keyof AllocateMachineInput, unknown>> = {}): AllocateMachineInput =>
  allocateMachineInput.parse({ projectId, partitionId: PARTITION, sizeId: SIZE, image: "ubuntu-24.04", ...extra });

/** Collects NOTIFY payloads on the machine channel (PGlite in-process, PostgreSQL over a client). */
export async function listenForMachineChanges(database: Database): Promise<{ payloads: string[]; close: () => Promise<void> }> {
  const payloads: string[] = [];
  if (database.pglite) {
    const unlisten = await database.pglite.listen(MACHINE_CHANNEL, (p) => payloads.push(...machineIdsOf(p)));
    return { payloads, close: () => unlisten() };
  }
  const client = new pg.Client({ connectionString: (database.pool!.options as { connectionString: string }).connectionString });
  await client.connect();
  client.on("notification", (n) => n.payload && payloads.push(...machineIdsOf(n.payload)));
  await client.query(`LISTEN ${MACHINE_CHANNEL}`);
  return { payloads, close: () => client.end() };
}

/** Rows that would betray a half-written allocation, counted across the tables an allocation writes. */
export async function allocationCounts(db: Db) {
  const one = async (q: ReturnType<typeof sql>) => Number(((await db.execute(q)) as unknown as { rows: { n: number | string }[] }).rows[0].n);
  return {
    allocations: await one(sql`select count(*) as n from machine_allocations`),
    allocatedMachines: await one(sql`select count(*) as n from machines where project_id is not null`),
    machineIps: await one(sql`select count(*) as n from ips where machine_id is not null`),
    ipamIps: await one(sql`select count(*) as n from ipam_ips`),
    ipRows: await one(sql`select count(*) as n from ips`),
    asns: await one(sql`select count(*) as n from pool_values where pool = 'asn'`),
  };
}

export async function provisioningOf(db: Db, id: string) {
  const [row] = await db.select().from(machineProvisioning).where(eq(machineProvisioning.machineId, id));
  return row;
}
