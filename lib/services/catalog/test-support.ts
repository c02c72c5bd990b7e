import { and, eq } from "drizzle-orm";
import {
  createFilesystemLayoutInput,
  createImageInput,
  createPartitionInput,
  createSizeInput,
  type CreateFilesystemLayoutInput,
  type CreateImageInput,
  type CreatePartitionInput,
  type CreateSizeInput,
} from "@/lib/contracts/catalog";
import type { Db } from "@/lib/db/client";
import { auditEntries, machines } from "@/lib/db/schema";
import { uuidv7 } from "@/lib/domain/ids";
import { toProblem } from "@/lib/http/problem";

/** Inputs and assertions shared by the catalog integration tests (not used by the app). */

export const GiB = 1024 ** 3;

export async function rejects(p: Promise<unknown>): Promise<{ status: number; code: string; detail?: string; errors?: { field: string; message: string }[] } & Record<string, unknown>> {
  try {
    await p;
  } catch (err) {
    const problem = toProblem(err);
    if (problem.status === 500) throw err;
    return problem as never;
  }
  throw new Error("expected a rejection");
}

export const fields = (problem: { errors?: { field: string }[] }) => (problem.errors ?? []).map((e) => e.field).sort();

export const partitionInput = (id: string, extra: Record<string, unknown> = {}): CreatePartitionInput =>
  createPartitionInput.parse({
    id,
    bootConfig: { kernelUrl: "http://localhost:3000/api/boot/kernel", initrdUrl: "http://localhost:3000/api/boot/initrd" },
    // Test BMCs (ipmi_sim, the Redfish emulator, fakes) listen on loopback: contacted like the lab's.
    bmcNetworks: ["127.0.0.0/8", "::1/128"],
    ...extra,
  });

export const sizeInput = (id: string, cores: [number, number], extra: Record<string, unknown> = {}): CreateSizeInput =>
  createSizeInput.parse({
    id,
    constraints: [
      { type: "cores", min: cores[0], max: cores[1] },
      { type: "memory", min: 32 * GiB, max: 512 * GiB },
      { type: "storage", min: 0, max: 10 ** 13 },
    ],
    ...extra,
  });

export const imageInput = (id: string, extra: Record<string, unknown> = {}): CreateImageInput =>
  createImageInput.parse({ id, url: `https://images.example/${id}.tar.lz4`, sha256: "a".repeat(64), features: ["machine"], ...extra });

export const layoutInput = (id: string, constraints: { sizes: string[]; images: Record<string, string> }, extra: Record<string, unknown> = {}): CreateFilesystemLayoutInput =>
  createFilesystemLayoutInput.parse({
    id,
    disks: [{ device: "/dev/sda", wipeOnReinstall: true, partitions: [
      { number: 1, label: "efi", sizeMiB: 500, gptType: "ef00" },
      { number: 2, label: "root", sizeMiB: 0, gptType: "8300" },
    ] }],
    filesystems: [
      { path: "/boot/efi", device: "/dev/sda1", format: "vfat" },
      { path: "/", device: "/dev/sda2", format: "ext4" },
    ],
    constraints,
    ...extra,
  });

export type MachineInput = Partial<typeof machines.$inferInsert> & { partitionId: string };

/** Machines are the machine issue's; the catalog tests insert the rows its queries read. */
export async function insertMachine(db: Db, m: MachineInput): Promise<string> {
  const id = uuidv7();
  await db.insert(machines).values({ id, condition: "AVAILABLE", liveliness: "Alive", provisioningState: "Waiting", ...m });
  return id;
}

export async function auditActions(db: Db, targetType: string, targetId: string): Promise<string[]> {
  const rows = await db.select({ action: auditEntries.action }).from(auditEntries)
    .where(and(eq(auditEntries.targetType, targetType), eq(auditEntries.targetId, targetId)));
  return rows.map((r) => r.action).sort();
}
