import { eq } from "drizzle-orm";
import { errFields, log } from "@/lib/log";
import type { LabMachine } from "@/lab/machines";
import { type Database, getDatabase, getDb } from "@/lib/db/client";
import { machines as machinesTable } from "@/lib/db/schema";
import { runMigrations } from "@/lib/db/migrate";
import { getEnv } from "@/lib/env";
import { getQueue } from "@/lib/jobs/runtime";
import { seedDemo } from "@/lib/services/seed";
import { type ListeningInfo, whenListening } from "./listening";
import { servePgliteSocket } from "./pglite-socket";

/**
 * Server start-up, run once per process from instrumentation.ts: migrate, seed the demo data,
 * start the development IdP and the job workers (embedded mode), then print how to log in.
 */
export async function boot(): Promise<void> {
  try {
    await start();
  } catch (err) {
    // A server that cannot migrate or reach its database must not serve half-working pages.
    log("boot").fatal(errFields(err), "start-up failed");
    process.exit(1);
  }
}

async function start(): Promise<void> {
  const env = getEnv();
  const database: Database = await getDatabase();
  await runMigrations(database);
  if (env.seedDemo) await seedDemo();
  if (database.pglite && env.database.engine === "pglite") await servePgliteSocket(database.pglite, env.database.dir);
  if (env.devIdp) await startEmbeddedIdp(env.devIdp.port);
  await getQueue(database, { workers: env.runWorkers });
  // Embedded mode boots the lab partition's simulated machines; they PXE-boot against the boot
  // listener, once the server (scripts/serve.ts) has opened it.
  if (env.embedded && env.seedDemo) void whenListening().then(startEmbeddedLab).catch((err) => log("boot").error({ err }, "lab failed to start"));
  await printBanner();
}

async function startEmbeddedLab({ bootUrl }: ListeningInfo): Promise<void> {
  const env = getEnv();
  const { startLab } = await import("@/lab/runner");
  const { parsePowerDelay } = await import("@/lab/bmc/power-delay");
  const { recordPlannedReboots } = await import("@/lib/services/machines/planned-reboot");
  await recordPlannedReboots("lab", "the embedded lab powers its machines on with the server");
  const fabric = await startEmbeddedFabric(bootUrl);
  const lab = await startLab({
    apiUrl: bootUrl, partitionId: "lab", dataDir: env.dataDir,
    bmc: { protocol: env.lab.bmcProtocol, basePort: env.lab.bmcBasePort, powerDelay: parsePowerDelay(env.lab.bmcPowerDelay) },
    beforePowerOn: reenrollLabMachinesWithoutCredential,
    netns: fabric ? (spec) => fabric.machineNetns(spec.uuid) : undefined,
  });
  // LAB_VMS: real QEMU VMs beside the simulated machines (their BMCs after the simulated ones').
  const { startEmbeddedVms } = await import("@/lab/vm/embedded");
  const vms = env.lab.vms > 0
    ? await startEmbeddedVms({ count: env.lab.vms, bootUrl, dataDir: env.dataDir, partitionId: "lab", bmcBasePort: env.lab.bmcBasePort + 80, log: (msg) => console.log(`  ${msg}`) })
      .catch((err: Error) => (log("boot").error({ err }, "lab VMs failed to start"), null))
    : null;
  const { onLabStop } = await import("./shutdown");
  let stopping: Promise<void> | null = null;
  // Run by the graceful shutdown: machines and VMs off, then the live fabric's namespaces and daemons.
  // Timed: the shutdown's longest part with the live fabric (docs/operations.md).
  const timed = async <T>(what: string, p: Promise<T>) => {
    const t0 = Date.now();
    const r = await p;
    log("shutdown").info({ ms: Date.now() - t0 }, `${what} stopped`);
    return r;
  };
  onLabStop(() => (stopping ??= timed("lab machines", Promise.all([lab.stop(), vms?.stop()])).then(() => (fabric ? timed("lab fabric", fabric.stop()) : undefined))));
}

/**
 * The live fabric (lab/fabric/topology.ts) when LAB_FABRIC allows and the machine can (root,
 * FRR): leaves and spines in network namespaces, the real switch agents in-process. Otherwise null
 * and the banner line says how to get it. Stale namespaces of a crashed run are removed first.
 */
async function startEmbeddedFabric(bootUrl: string): Promise<import("@/lab/fabric/topology").LabFabric | null> {
  const env = getEnv();
  const { liveFabricUnavailable, startLabFabric, cleanStaleLabFabric } = await import("@/lab/fabric/topology");
  const path = await import("node:path");
  const stateDir = path.join(env.dataDir, "fabric");
  const why = env.lab.fabric === "simulated" ? "LAB_FABRIC=simulated" : liveFabricUnavailable();
  if (why) {
    if (env.lab.fabric === "live") throw new Error(`LAB_FABRIC=live, but ${why}`);
    if (!why.startsWith("LAB_FABRIC")) await cleanStaleLabFabric(env.lab.fabricPrefix, stateDir).catch(() => 0);
    console.log(`  lab fabric: simulated (switch configs rendered and validated only; ${why}). For a live fabric: apt-get install frr frr-pythontools and run as root.`);
    return null;
  }
  const t0 = Date.now();
  const { labMachineSpecs } = await import("@/lab/machines");
  const { ipxeKernelParams } = await import("@/lab/ipxe");
  const { chmod, stat } = await import("node:fs/promises");
  // FRR's daemons run as user frr: they must be able to enter the data directory.
  const mode = (await stat(env.dataDir)).mode & 0o777;
  if ((mode & 0o011) !== 0o011) await chmod(env.dataDir, mode | 0o011);
  // The switches register with the partition's boot credential, taken from its iPXE script as the machines do.
  const script = await (await fetch(`${bootUrl}/api/boot/ipxe?partition=lab&mac=52:54:00:00:00:00`)).text();
  const bootCredential = ipxeKernelParams(script).METAL_BOOT_CREDENTIAL;
  if (!bootCredential) throw new Error("the lab's iPXE script carries no boot credential for the switch agents");
  const specs = labMachineSpecs({ dataDir: env.dataDir });
  const fabric = await startLabFabric({
    prefix: env.lab.fabricPrefix, stateDir, racks: [...new Set(specs.map((s) => s.rack))],
    machines: specs.map((s) => ({ id: s.uuid, rack: s.rack, port: `Ethernet${s.slot + 1}` })),
    agents: { apiUrl: bootUrl, bootCredential, intervalSeconds: 10, log: (leaf) => (level, message) => {
      if (level === "warn" || level === "error") log("lab-fabric").warn({ leaf }, message);
    } },
  });
  const census = await fabric.census();
  console.log(`  lab fabric: live — ${fabric.leaves.length} leaves + ${fabric.spines.length} spines of real FRR, ${specs.length} machine namespaces (${census.namespaces} namespaces, ${census.daemons} FRR daemons, prefix ${env.lab.fabricPrefix}) up in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return fabric;
}

/**
 * Lab machines registered before agents kept their machine credential (in the lab machine's
 * "NVRAM") would now be refused as known machines without it. The embedded lab is its own
 * operator here: it allows those machines one re-enrollment, audited like an operator's.
 */
async function reenrollLabMachinesWithoutCredential(machines: LabMachine[]): Promise<void> {
  const { existsSync } = await import("node:fs");
  const { labCredentialFile } = await import("@/lab/machines");
  const { allowReenrollment } = await import("@/lib/services/machines/reenroll");
  const { systemActor } = await import("@/lib/auth/principal");
  const db = await getDb();
  for (const m of machines) {
    if (existsSync(labCredentialFile(m.spec))) continue;
    const [known] = await db.select({ id: machinesTable.id }).from(machinesTable).where(eq(machinesTable.id, m.id)).limit(1);
    if (known) await allowReenrollment(systemActor("embedded lab"), m.id, 10);
  }
}

async function startEmbeddedIdp(port: number): Promise<void> {
  const env = getEnv();
  const { startDevIdp } = await import("@/lab/idp/dev-idp");
  const { demoUsers } = await import("@/lab/idp/demo-users");
  const callback = "/api/auth/callback/oidc";
  const origins = [env.appUrl, `http://localhost:${env.port}`, `http://127.0.0.1:${env.port}`];
  await startDevIdp({
    port,
    issuer: env.auth.issuer,
    users: demoUsers,
    clients: [{
      clientId: env.auth.clientId,
      clientSecret: env.auth.clientSecret,
      redirectUris: [...new Set(origins.map((o) => o + callback))],
      postLogoutRedirectUris: [...new Set(origins.map((o) => `${o}/login`))],
    }],
  });
}

async function printBanner(): Promise<void> {
  const env = getEnv();
  const lines = [
    "",
    `  Metal cloud is up: ${env.appUrl} (boot service for machines: ${env.boot.url})`,
    `  database: ${env.database.engine === "pglite" ? `embedded PGlite (${env.database.dir})` : "PostgreSQL"}; workers ${env.runWorkers ? "in-process" : "external (npm run worker)"}`,
  ];
  if (env.devIdp) {
    const { demoUsers } = await import("@/lab/idp/demo-users");
    lines.push(`  development IdP: ${env.auth.issuer} — demo logins (password "${demoUsers[0].password}"):`);
    for (const u of demoUsers) lines.push(`    ${u.email.padEnd(24)} ${u.label}`);
  }
  console.log(lines.join("\n") + "\n");
}
