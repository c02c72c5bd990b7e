/**
 * `npm run worker`: a standalone worker process (production runs M of these beside the web
 * replicas). It applies migrations, then runs every registered job handler until stopped.
 */
import { closeBmcSessions } from "@/lib/bmc/factory";
import { closeDatabase, getDatabase } from "@/lib/db/client";
import { runMigrations } from "@/lib/db/migrate";
import { getEnv } from "@/lib/env";
import { jobs } from "@/lib/jobs/registry";
import { getQueue, stopQueue } from "@/lib/jobs/runtime";

async function main() {
  const env = getEnv();
  if (env.database.engine === "pglite") {
    console.error("npm run worker needs DATABASE_URL: with the embedded PGlite database the workers run inside `npm start`.");
    process.exit(2);
  }
  const database = await getDatabase();
  await runMigrations(database);
  await getQueue(database, { workers: true });
  console.log(`worker running ${jobs.length} job type(s): ${jobs.map((j) => j.name).join(", ")}`);
}

async function shutdown(signal: string) {
  console.log(`${signal}: finishing running jobs …`);
  await stopQueue();
  await closeBmcSessions(); // log out of the BMC sessions the finished jobs kept open
  await closeDatabase();
  process.exit(0);
}
process.once("SIGINT", () => void shutdown("SIGINT"));
process.once("SIGTERM", () => void shutdown("SIGTERM"));

main().catch((err) => {
  console.error(`worker failed to start: ${err instanceof Error ? err.message : err}`);
  process.exit(1);
});
