/** `npm run db:migrate`: applies the committed migrations to the configured database. */
import { closeDatabase } from "@/lib/db/client";
import { openCliDatabase } from "@/lib/runtime/cli-database";

async function main() {
  const { via } = await openCliDatabase();
  console.log(`migrations applied to ${via}`);
  await closeDatabase();
}

main().catch((err) => {
  console.error(`migration failed: ${err instanceof Error ? err.message : err}`);
  process.exit(1);
});
