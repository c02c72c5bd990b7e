/**
 * `npm run bench:vm [-- ROUNDS]`: a real QEMU VM (TCG, 2 vCPUs, 1 GiB, 2 GiB virtio disk) with an
 * ipmi_sim BMC, provisioned by the real routes, services and BMC workers (lab/vm):
 *   power on (ipmitool → ipmi_sim → QEMU, PXE) → Waiting;
 *   then ROUNDS times (default 3): allocation → Phoned Home (target ≤ 60 s in TCG), free → Waiting
 *   (the worker's PXE + reset through the BMC, the agent wipes the disk).
 * Also prints the artifact sizes. PGlite; needs QEMU, ipmi_sim, ipmitool.
 */
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { appRouteTable } from "@/lab/app-routes";
import { missingIpmiTools } from "@/lab/bmc/ipmi-tools";
import { serveRoutes } from "@/lab/route-server";
import { buildVmArtifacts } from "@/lab/vm/build";
import { seedVmCatalog } from "@/lab/vm/catalog";
import { type LabVm, startLabVm } from "@/lab/vm/lab-vm";
import { missingQemu } from "@/lab/vm/qemu-vm";
import { createBmcDriver } from "@/lib/bmc/factory";
import { machines, projects } from "@/lib/db/schema";
import { resetEnv } from "@/lib/env";
import { getQueue, stopQueue } from "@/lib/jobs/runtime";
import { updateMachineBmc } from "@/lib/services/bmc/records";
import { allocateMachine } from "@/lib/services/machines/allocation";
import { freeMachine } from "@/lib/services/machines/allocation-release";
import { createNetwork } from "@/lib/services/networks/networks";
import { seedDemo } from "@/lib/services/seed";
import { freshDatabase } from "@/lib/test/databases";
import { makeUser, operator } from "@/lib/test/fixtures";

const rounds = Number(process.argv[2] ?? 3);
const missing = missingQemu() ?? missingIpmiTools();
if (missing) {
  console.error(`bench:vm needs QEMU and the IPMI tools: ${missing}`);
  process.exit(1);
}

async function main(): Promise<void> {
  const manifest = await buildVmArtifacts(".data");
  const { database, cleanup } = await freshDatabase("pglite");
  const server = await serveRoutes(await appRouteTable());
  const guestBootUrl = `http://10.0.2.2:${new URL(server.url).port}`;
  // Request logs off: the table is the output.
  resetEnv({ APP_URL: server.url, BOOT_URL: guestBootUrl, LOG_LEVEL: process.env.LOG_LEVEL ?? "warn" });
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "bench-vm-"));
  let lab: LabVm | undefined;
  const rows: { step: string; seconds: string; target: string }[] = [];
  try {
    await seedDemo();
    await seedVmCatalog(operator, guestBootUrl, manifest);
    const olivia = await makeUser("olivia@acme.example", ["acme-owners"]);
    const [{ id: projectId }] = await database.db.select({ id: projects.id }).from(projects).where(eq(projects.name, "web"));
    await createNetwork(olivia, { kind: "private", projectId, partitionId: "lab", name: "web", labels: {}, description: "" });
    await getQueue(database, { workers: true });
    lab = await startLabVm({ dataDir, guestBootUrl, partitionId: "lab" });
    const id = lab.vm.id;
    const state = async () => (await database.db.select({ s: machines.provisioningState }).from(machines).where(eq(machines.id, id)))[0]?.s;
    const until = async (want: string, since: number) => {
      while ((await state()) !== want) {
        if (Date.now() - since > 10 * 60_000) throw new Error(`no ${want} within 10 min (console: ${lab!.vm.consoleLog})`);
        await new Promise((r) => setTimeout(r, 100));
      }
      return (Date.now() - since) / 1000;
    };

    let t = Date.now();
    const bmc = createBmcDriver({ protocol: "ipmi", ...lab.bmc });
    await bmc.setBootDevice("pxe", false);
    await bmc.powerOn();
    rows.push({ step: "power on (BMC) → Waiting", seconds: (await until("Waiting", t)).toFixed(1), target: "" });
    await updateMachineBmc(operator, id, { protocol: "ipmi", ...lab.bmc });
    for (let i = 1; i <= rounds; i++) {
      t = Date.now();
      await allocateMachine(olivia, { projectId, partitionId: "lab", machineId: id, image: "metal-vm-1.0", hostname: `bench-${i}`, name: "", description: "", externalNetworkIds: [], sshPublicKeys: [], userdata: "", tags: [] });
      rows.push({ step: `#${i} allocation → Phoned Home`, seconds: (await until("Phoned Home", t)).toFixed(1), target: "≤ 60" });
      t = Date.now();
      await freeMachine(olivia, id);
      rows.push({ step: `#${i} free → Waiting`, seconds: (await until("Waiting", t)).toFixed(1), target: "" });
    }
  } finally {
    await stopQueue();
    await lab?.stop();
    await server.close();
    await cleanup();
    await rm(dataDir, { recursive: true, force: true });
  }
  console.table(rows);
  const mb = (n: number) => `${(n / 1e6).toFixed(1)} MB`;
  console.table([
    { artifact: `kernel ${manifest.kernelVersion}`, size: mb(manifest.kernel.bytes) },
    { artifact: "agent initramfs (gzip -1)", size: mb(manifest.initrd.bytes) },
    ...manifest.images.map((i) => ({ artifact: `image ${i.id} (tar)`, size: mb(i.bytes) })),
  ]);
}

main().then(() => process.exit(0), (err) => {
  console.error(err);
  process.exit(1);
});
