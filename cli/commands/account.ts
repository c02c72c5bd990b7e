import type { Command } from "commander";
import { auditQuery } from "@/lib/contracts/audit";
import { createProjectInput } from "@/lib/contracts/projects";
import { createTokenInput } from "@/lib/contracts/tokens";
import { listAll, unwrap } from "@/sdk";
import { saveConfig } from "../config";
import { parseDuration } from "../duration";
import { CliError, EXIT } from "../exit";
import { act, defined, positiveInt } from "../run";
import { validate } from "../validate";
import { views } from "../views";
import { parseRole } from "./roles";

/** Projects, API tokens and the audit log. */
export function registerAccount(program: Command): void {
  const project = program.command("project").alias("projects").description("projects you can see; the context's default project");
  project.command("ls").alias("list").description("list visible projects")
    .option("--tenant <id>", "only this tenant's")
    .option("-q, --query <text>", "search by name")
    .action(act<{ tenant?: string; query?: string }>(async ({ opts, client, print }) => {
      const api = client();
      print({ list: await listAll((cursor) => api.GET("/api/v1/projects", { params: { query: { ...defined({ tenantId: opts.tenant, q: opts.query }), cursor, limit: 500 } } })) }, views.project);
    }));
  project.command("describe <id>").alias("get").description("show a project")
    .action(act(async ({ args: [id], client, print }) => {
      print({ item: await unwrap(client().GET("/api/v1/projects/{id}", { params: { path: { id } } })) }, views.project, "yaml");
    }));
  project.command("create <name>").description("create a project in a tenant you own")
    .requiredOption("--tenant <id>", "the tenant")
    .option("--description <text>", "description")
    .action(act<{ tenant: string; description?: string }>(async ({ args: [name], opts, client, print }) => {
      const body = validate(createProjectInput, defined({ tenantId: opts.tenant, name, description: opts.description }), "the project");
      print({ item: await unwrap(client().POST("/api/v1/projects", { body })) }, views.project);
    }));
  project.command("rm <id...>").alias("delete").description("delete empty projects (owners)")
    .action(act(async ({ args, client }) => {
      for (const id of args) {
        await unwrap(client().DELETE("/api/v1/projects/{id}", { params: { path: { id } } }));
        process.stdout.write(`deleted project ${id}\n`);
      }
    }));
  project.command("use <id>").description("make a project the current context's default (checked against the API)")
    .action(act(async ({ args: [id], session, client }) => {
      const p = await unwrap(client().GET("/api/v1/projects/{id}", { params: { path: { id } } }));
      if (!session.contextName || !session.config.contexts[session.contextName]) throw new CliError("no current context to store the project in: run `metal login` or `metal context add` first", EXIT.usage);
      session.config.contexts[session.contextName].project = p.id;
      saveConfig(session.env.configFile, session.config);
      process.stdout.write(`context ${session.contextName} now uses project ${p.name} (${p.id}) of ${p.tenantName}\n`);
    }));

  const token = program.command("token").alias("tokens").description("your API tokens");
  token.command("ls").alias("list").description("list your API tokens")
    .option("--all", "include revoked tokens")
    .action(act<{ all?: boolean }>(async ({ opts, client, print }) => {
      const api = client();
      print({ list: await listAll((cursor) => api.GET("/api/v1/tokens", { params: { query: { cursor, limit: 500, includeRevoked: opts.all ? "true" : undefined } } })) }, views.token);
    }));
  token.command("create").description("create an API token; its secret is printed once")
    .requiredOption("--description <text>", "what the token is for")
    .option("--role <role>", "a role: admin:<editor|viewer>, tenant:<id>:<role>, project:<tenant>/<project>:<role> (repeatable; default: all of yours)", (v: string, prev: string[] = []) => [...prev, v])
    .option("--expires <duration>", "lifetime, e.g. 30d, 12h (at most 1 year)", "30d")
    .action(act<{ description: string; role?: string[]; expires: string }>(async ({ opts, client, print }) => {
      const api = client();
      const roles = opts.role ? opts.role.map(parseRole) : (await unwrap(api.GET("/api/v1/me"))).roles.map(({ tenantName: _t, projectName: _p, ...g }) => g);
      const days = /^(\d+)d$/.exec(opts.expires);
      const expiresAt = new Date(Date.now() + (days ? Number(days[1]) * 86_400_000 : parseDuration(opts.expires))).toISOString();
      const body = validate(createTokenInput, { description: opts.description, roles, expiresAt }, "the token");
      const created = await unwrap(api.POST("/api/v1/tokens", { body }));
      if (opts.output) print({ item: created }, views.token);
      else process.stdout.write(`${created.secret}\n`);
      process.stderr.write(`token ${created.id} expires ${created.expiresAt}; the secret above is shown only once\n`);
    }));
  token.command("revoke <id...>").alias("rm").description("revoke API tokens")
    .action(act(async ({ args, client, print }) => {
      const revoked = [];
      for (const id of args) revoked.push(await unwrap(client().DELETE("/api/v1/tokens/{id}", { params: { path: { id } } })));
      print({ list: revoked }, views.token);
    }));

  program.command("audit").description("the audit log (operators)").command("ls").alias("list").description("audit entries, newest first")
    .option("--action <action>", "e.g. machine.allocate")
    .option("--target-type <type>", "e.g. machine")
    .option("--target <id>", "target id")
    .option("--actor <who>", "actor id or name")
    .option("--tenant <id>", "tenant")
    .option("--request-id <id>", "request id")
    .option("--since <time>", "ISO time")
    .option("--until <time>", "ISO time")
    .option("--limit <n>", "at most n entries", positiveInt, 100)
    .action(act<{ action?: string; targetType?: string; target?: string; actor?: string; tenant?: string; requestId?: string; since?: string; until?: string; limit: number }>(async ({ opts, client, print }) => {
      const query = defined({ action: opts.action, targetType: opts.targetType, targetId: opts.target, actor: opts.actor, tenantId: opts.tenant, requestId: opts.requestId, since: opts.since, until: opts.until });
      validate(auditQuery, query, "the filter");
      const api = client();
      print({ list: await listAll((cursor) => api.GET("/api/v1/audit", { params: { query: { ...query, cursor, limit: Math.min(500, opts.limit) } } }), opts.limit) }, views.audit);
    }));
}
