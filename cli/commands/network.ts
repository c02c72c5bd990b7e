import { type Command, Option } from "commander";
import { acquireIpInput, createNetworkInput, networkKinds } from "@/lib/contracts/networks";
import { listAll, unwrap } from "@/sdk";
import { readResources } from "../files";
import { act, collect, defined } from "../run";
import { requireProject } from "../session";
import { validate } from "../validate";
import { views } from "../views";

export function registerNetwork(program: Command): void {
  const network = program.command("network").alias("networks").alias("net").description("private networks (tenants) and infrastructure networks (operators)");

  network.command("ls").alias("list").description("list networks visible to you")
    .option("--partition <id>", "only this partition")
    .addOption(new Option("--kind <kind>", "only this kind").choices(networkKinds))
    .option("-q, --query <text>", "search by name")
    .option("-A, --all-projects", "ignore the context's default project")
    .action(act<{ partition?: string; kind?: (typeof networkKinds)[number]; query?: string; allProjects?: boolean }>(async ({ opts, session, client, print }) => {
      const api = client();
      const query = defined({ projectId: opts.allProjects ? undefined : session.project, partitionId: opts.partition, kind: opts.kind, q: opts.query });
      print({ list: await listAll((cursor) => api.GET("/api/v1/networks", { params: { query: { ...query, cursor, limit: 500 } } })) }, views.network);
    }));

  network.command("describe <id>").alias("get").description("show a network with its prefix usage")
    .action(act(async ({ args: [id], client, print }) => {
      print({ item: await unwrap(client().GET("/api/v1/networks/{id}", { params: { path: { id } } })) }, views.network, "yaml");
    }));

  network.command("create").description("create a private network in the current project (or any network from -f, operators)")
    .option("-f, --file <file>", "network(s) as YAML/JSON")
    .option("--name <name>", "name")
    .option("--partition <id>", "partition")
    .option("--description <text>", "description")
    .addOption(new Option("--kind <kind>", "private or shared with other projects").choices(["private", "private-shared"] as const).default("private"))
    .option("--dry-run", "validate only")
    .action(act<{ file?: string; name?: string; partition?: string; description?: string; kind: string; dryRun?: boolean }>(async ({ opts, session, client, print }) => {
      const inputs = opts.file
        ? readResources(opts.file)
        : [defined({ kind: opts.kind, projectId: requireProject(session), partitionId: opts.partition, name: opts.name, description: opts.description })];
      const bodies = inputs.map((i, n) => validate(createNetworkInput, i, inputs.length > 1 ? `network ${n + 1}` : "the network"));
      if (opts.dryRun) return print({ list: bodies }, views.network, "yaml");
      const api = client();
      const created = [];
      for (const body of bodies) created.push(await unwrap(api.POST("/api/v1/networks", { body })));
      print({ list: created }, views.network);
    }));

  network.command("rm <id...>").alias("delete").description("delete networks (their ephemeral IPs are released; refused while machines use them)")
    .action(act(async ({ args, client }) => {
      for (const id of args) {
        await unwrap(client().DELETE("/api/v1/networks/{id}", { params: { path: { id } } }));
        process.stdout.write(`deleted network ${id}\n`);
      }
    }));

  const ip = program.command("ip").alias("ips").description("IP addresses of your projects");
  ip.command("ls").alias("list").description("list IP addresses")
    .option("--network <id>", "only this network")
    .addOption(new Option("--kind <kind>", "only this kind").choices(["ephemeral", "static"] as const))
    .option("-q, --query <text>", "search by address or name")
    .option("-A, --all-projects", "ignore the context's default project")
    .action(act<{ network?: string; kind?: "ephemeral" | "static"; query?: string; allProjects?: boolean }>(async ({ opts, session, client, print }) => {
      const api = client();
      const query = defined({ projectId: opts.allProjects ? undefined : session.project, networkId: opts.network, kind: opts.kind, q: opts.query });
      print({ list: await listAll((cursor) => api.GET("/api/v1/ips", { params: { query: { ...query, cursor, limit: 500 } } })) }, views.ip);
    }));

  ip.command("describe <id>").alias("get").description("show an IP address")
    .action(act(async ({ args: [id], client, print }) => {
      print({ item: await unwrap(client().GET("/api/v1/ips/{id}", { params: { path: { id } } })) }, views.ip, "yaml");
    }));

  ip.command("acquire").description("acquire an IP address in a network (the next free one, or --address)")
    .requiredOption("--network <id>", "network")
    .option("--address <ip>", "a specific address")
    .addOption(new Option("--family <family>", "address family").choices(["4", "6"]))
    .option("--static", "keep it when a machine using it is freed")
    .option("--name <name>", "name")
    .option("--description <text>", "description")
    .option("--tag <tag>", "tag (repeatable)", collect)
    .option("--dry-run", "validate only")
    .action(act<{ network: string; address?: string; family?: "4" | "6"; static?: boolean; name?: string; description?: string; tag?: string[]; dryRun?: boolean }>(async ({ opts, session, client, print }) => {
      const body = validate(acquireIpInput, defined({
        networkId: opts.network, projectId: requireProject(session), address: opts.address, family: opts.family && Number(opts.family),
        kind: opts.static ? "static" : undefined, name: opts.name, description: opts.description, tags: opts.tag,
      }), "the IP");
      if (opts.dryRun) return print({ item: body }, views.ip, "yaml");
      print({ item: await unwrap(client().POST("/api/v1/ips", { body })) }, views.ip);
    }));

  ip.command("static <id>").description("make an ephemeral IP static (kept when its machine is freed)")
    .action(act(async ({ args: [id], client, print }) => {
      print({ item: await unwrap(client().PATCH("/api/v1/ips/{id}", { params: { path: { id } }, body: { kind: "static" } })) }, views.ip);
    }));

  ip.command("release <id...>").alias("rm").description("release IP addresses")
    .action(act(async ({ args, client }) => {
      for (const id of args) {
        await unwrap(client().DELETE("/api/v1/ips/{id}", { params: { path: { id } } }));
        process.stdout.write(`released ip ${id}\n`);
      }
    }));

}
