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
  const lab = await startLab({
    apiUrl: bootUrl, partitionId: "lab", dataDir: env.dataDir,
    bmc: { protocol: env.lab.bmcProtocol, basePort: env.lab.bmcBasePort, powerDelay: parsePowerDelay(env.lab.bmcPowerDelay) },
    beforePowerOn: reenrollLabMachinesWithoutCredential,
  });
  // LAB_VMS: real QEMU VMs beside the simulated machines (their BMCs after the simulated ones').
  const { startEmbeddedVms } = await import("@/lab/vm/embedded");
  const vms = env.lab.vms > 0
    ? await startEmbeddedVms({ count: env.lab.vms, bootUrl, dataDir: env.dataDir, partitionId: "lab", bmcBasePort: env.lab.bmcBasePort + 80, log: (msg) => console.log(`  ${msg}`) })
      .catch((err: Error) => (log("boot").error({ err }, "lab VMs failed to start"), null))
    : null;
  const stop = () => void Promise.all([lab.stop(), vms?.stop()]);
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
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
