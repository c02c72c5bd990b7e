import { eq } from "drizzle-orm";
import type { Actor } from "@/lib/auth/principal";
import { getDb } from "@/lib/db/client";
import { filesystemLayouts, images, machineAllocations, machines } from "@/lib/db/schema";
import { epycServer } from "@/lib/domain/catalog/size.fixtures";
import { createPartition } from "@/lib/services/catalog/partitions";
import { partitionInput } from "@/lib/services/catalog/test-support";
import { registerMachine } from "@/lib/services/machines/agent-register";
import { reportInstall } from "@/lib/services/machines/agent-report";
import { createBootCredential } from "@/lib/services/machines/boot-credentials";
import { notifyMachineChanged } from "@/lib/services/machines/notify";
import { createNetwork } from "@/lib/services/networks/networks";
import { makeProject, makeTenant, makeUser, operator } from "@/lib/test/fixtures";

/**
 * A partition with what a leaf's desired state is made of, for the switch integration tests and
 * `npm run bench:fabric`: a boot credential, a super network, a tenant project with a private
 * network (its VNI), and helpers that take a machine through the lifecycle events that move its
 * leaf ports (registration with LLDP neighbours, allocation, the install report, free).
 * The database must be open (freshDatabase or the bench's PGlite).
 */
export type FabricWorld = {
  partitionId: string;
  bootSecret: string;
  projectId: string;
  owner: Actor;
  network: { id: string; vrf: number };
  registerCabled: (uuid: string, port: string, leaves: [string, string]) => Promise<void>;
  allocate: (uuid: string) => Promise<number>;
  reportInstalled: (uuid: string, generation: number) => Promise<void>;
  free: (uuid: string) => Promise<void>;
};

export async function createFabricWorld(partitionId = "fra1"): Promise<FabricWorld> {
  await createPartition(operator, partitionInput(partitionId));
  const bootSecret = (await createBootCredential(operator, partitionId, { description: "fabric" })).secret;
  const db = await getDb();
  await db.insert(images).values({ id: "fabric-img", os: "ubuntu", version: "24.4.0", url: "http://127.0.0.1/none", sha256: "0".repeat(64), features: ["machine"] }).onConflictDoNothing();
  await db.insert(filesystemLayouts).values({ id: "fabric-layout", spec: {} as never, constraints: {} as never }).onConflictDoNothing();
  const tenant = await makeTenant(`fabric-${partitionId}`);
  const projectId = (await makeProject(tenant.id, "web")).id;
  const owner = await makeUser(`owner@fabric-${partitionId}`, [`fabric-${partitionId}-owners`]);
  await createNetwork(operator, { kind: "super", name: "tenants", partitionId, prefixes: ["10.0.0.0/10"], description: "", destinationPrefixes: [], defaultChildPrefixLength: { ipv4: 22 }, minChildPrefixLength: { ipv4: 20 }, nat: "none", allowedProjectIds: null, labels: {} });
  const net = await createNetwork(owner, { kind: "private", projectId, partitionId, name: "net", description: "", labels: {} });
  const network = { id: net.id, vrf: net.vrf! };
  const agent = (machineId?: string) => ({ partitionId, ...(machineId ? { machineId } : {}) });

  return {
    partitionId, bootSecret, projectId, owner, network,
    registerCabled: async (uuid, port, [a, b]) => {
      const mac = (n: number) => `52:54:${uuid.slice(-8, -6)}:${uuid.slice(-6, -4)}:${uuid.slice(-4, -2)}:${(Number.parseInt(uuid.slice(-2), 16) ^ n).toString(16).padStart(2, "0")}`;
      await registerMachine(agent(), { uuid, hardware: { ...epycServer, nics: [
        { name: "lan0", mac: mac(0), neighbours: [{ switchName: a, port }] },
        { name: "lan1", mac: mac(1), neighbours: [{ switchName: b, port }] },
      ] } }, {}, undefined);
    },
    /** The allocation rows (what allocation writes that a leaf cares about); returns the install's generation. */
    allocate: async (uuid) => {
      const [row] = await db.transaction(async (t) => {
        await t.update(machines).set({ projectId }).where(eq(machines.id, uuid));
        const inserted = await t.insert(machineAllocations).values({ machineId: uuid, projectId, hostname: `m-${uuid.slice(-4)}`, imageId: "fabric-img", filesystemLayoutId: "fabric-layout", asn: 4210000000 + Number.parseInt(uuid.slice(-4), 16),
          networks: [{ networkId: network.id, ipIds: [], addresses: [], vrf: network.vrf, primary: true }] }).returning({ generation: machineAllocations.generation });
        await notifyMachineChanged(t, uuid);
        return inserted;
      });
      return row.generation;
    },
    /** The machine agent's install report (the real service): its ports move into the tenant VRF. */
    reportInstalled: async (uuid, generation) => {
      await reportInstall(agent(uuid), uuid, { success: true, generation, message: "", bootInfo: { primaryDisk: "/dev/sda", osPartition: "/dev/sda2", kernel: "/boot/vmlinuz", initrd: "/boot/initrd", cmdline: "", bootloaderId: "ubuntu" } });
    },
    free: async (uuid) => {
      await db.transaction(async (t) => {
        await t.delete(machineAllocations).where(eq(machineAllocations.machineId, uuid));
        await t.update(machines).set({ projectId: null }).where(eq(machines.id, uuid));
        await notifyMachineChanged(t, uuid);
      });
    },
  };
}

