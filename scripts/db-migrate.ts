/** `npm run db:migrate`: applies the committed migrations to the configured database. */
import { closeDatabase } from "@/lib/db/client";
import { openCliDatabase } from "@/lib/runtime/cli-database";

const { via } = await openCliDatabase();
console.log(`migrations applied to ${via}`);
await closeDatabase();
