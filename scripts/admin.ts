/**
 * Operator bootstrap from the shell, so automation and recovery never need a browser:
 *   npm run -s admin -- create-token --admin [--expires 30d] [--description text]
 *   npm run -s admin -- create-token --user olivia@acme.example [--role tenant:acme:viewer …]
 *   npm run -s admin -- backup <file>            (embedded PGlite database; stop the app first)
 *   npm run -s admin -- restore <file> [--force] (--force moves an existing database aside)
 * The secret goes to stdout alone (TOKEN=$(npm run -s admin -- create-token --admin)); the rest to stderr.
 */
import path from "node:path";
import { parseArgs } from "node:util";
import { getEnv } from "@/lib/env";
import { backupPglite, restorePglite } from "@/lib/runtime/backup";
import { closeDatabase } from "@/lib/db/client";
import { createTokenFromShell } from "@/lib/runtime/admin-cli";
import { openCliDatabase } from "@/lib/runtime/cli-database";

const usage = `usage: npm run admin -- create-token (--admin | --user <email|subject>) [--role <spec>]… [--expires 30d] [--description <text>]
  role specs: admin:<editor|viewer>  tenant:<tenant>:<owner|editor|viewer>  project:<tenant>/<project>:<owner|editor|viewer>
  default roles: all roles the user holds now; expiry at most 1y
       npm run admin -- backup <file>             back up the embedded database (stop the app first)
       npm run admin -- restore <file> [--force]  restore it (--force moves an existing database aside)
  PostgreSQL (DATABASE_URL): use pg_dump / pg_restore (docs/operations.md)`;

async function backupOrRestore(command: "backup" | "restore", rest: string[]): Promise<number> {
  const { positionals, values } = parseArgs({ args: rest, allowPositionals: true, options: { force: { type: "boolean", default: false } } });
  if (positionals.length !== 1) {
    console.error(usage);
    return 2;
  }
  const env = getEnv();
  if (env.database.engine === "postgres") {
    console.error(`${command}: DATABASE_URL is set; back up PostgreSQL with pg_dump -Fc and restore with pg_restore (docs/operations.md)`);
    return 2;
  }
  const file = path.resolve(positionals[0]);
  if (command === "backup") {
    const { bytes, tables } = await backupPglite(env.database.dir, file);
    console.error(`backed up ${env.database.dir} (${tables} tables) to ${file} (${(bytes / 1024).toFixed(0)} KiB)`);
  } else {
    const { movedAside } = await restorePglite(file, env.database.dir, { force: values.force });
    console.error(`restored ${file} into ${env.database.dir}${movedAside ? `; the previous database is kept in ${movedAside}` : ""}`);
  }
  return 0;
}

async function main(): Promise<number> {
  const [command, ...rest] = process.argv.slice(2);
  if (command === "backup" || command === "restore") return backupOrRestore(command, rest);
  if (command !== "create-token") {
    console.error(usage);
    return command ? 2 : 0;
  }
  const { values } = parseArgs({
    args: rest,
    options: {
      user: { type: "string" },
      admin: { type: "boolean", default: false },
      role: { type: "string", multiple: true, default: [] },
      expires: { type: "string", default: "30d" },
      description: { type: "string", default: "created with npm run admin" },
    },
  });
  const { database, via } = await openCliDatabase();
  try {
    const { token, user } = await createTokenFromShell(database.db, { ...values, roles: values.role ?? [] });
    console.error(`token ${token.id} for ${user.email || user.subject} on ${via}, expires ${token.expiresAt}`);
    console.error(`roles: ${token.roles.map((r) => (r.scope === "admin" ? `admin:${r.role}` : `${r.scope}:${r.scope === "tenant" ? r.tenantId : r.projectId}:${r.role}`)).join(", ")}`);
    console.log(token.secret);
    return 0;
  } finally {
    await closeDatabase();
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    const issues = (err as { errors?: { field: string; message: string }[] }).errors;
    console.error(`error: ${err instanceof Error ? err.message : err}${issues ? ` (${issues.map((i) => `${i.field}: ${i.message}`).join("; ")})` : ""}`);
    process.exit(1);
  },
);
