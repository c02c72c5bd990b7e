/**
 * Operator bootstrap from the shell, so automation and recovery never need a browser:
 *   npm run -s admin -- create-token --admin [--expires 30d] [--description text]
 *   npm run -s admin -- create-token --user olivia@acme.example [--role tenant:acme:viewer …]
 * The secret goes to stdout alone (TOKEN=$(npm run -s admin -- create-token --admin)); the rest to stderr.
 */
import { parseArgs } from "node:util";
import { closeDatabase } from "@/lib/db/client";
import { createTokenFromShell } from "@/lib/runtime/admin-cli";
import { openCliDatabase } from "@/lib/runtime/cli-database";

const usage = `usage: npm run admin -- create-token (--admin | --user <email|subject>) [--role <spec>]… [--expires 30d] [--description <text>]
  role specs: admin:<editor|viewer>  tenant:<tenant>:<owner|editor|viewer>  project:<tenant>/<project>:<owner|editor|viewer>
  default roles: all roles the user holds now; expiry at most 1y`;

async function main(): Promise<number> {
  const [command, ...rest] = process.argv.slice(2);
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
