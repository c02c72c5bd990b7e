import { type Command, Option } from "commander";
import { machineConditions, machineIssues, machineLivelinessValues } from "@/lib/contracts/machines";
import { listAll, unwrap } from "@/sdk";
import { readResources, valueOrFile } from "../files";
import { act, collect, defined, positiveInt } from "../run";
import { requireProject } from "../session";
import { views } from "../views";
import { createMachines } from "./machine-create";
import { registerMachinePower } from "./machine-power";
import { registerMachineWait } from "./machine-wait";

const LIST_PAGE = 500;

export function registerMachine(program: Command): void {
  const machine = program.command("machine").alias("machines").alias("m").description("allocate, inspect, power and free machines");

  machine.command("ls").alias("list")
    .description("list machines (tenants: their projects' allocated machines; operators: all)")
    .option("--partition <id>", "only this partition")
    .option("--size <id>", "only this size")
    .option("--rack <rack>", "only this rack")
    .option("--state <state>", 'only this provisioning state, e.g. "Phoned Home"')
    .addOption(new Option("--liveliness <value>", "only this liveliness").choices(machineLivelinessValues))
    .addOption(new Option("--condition <value>", "only this condition").choices(machineConditions))
    .addOption(new Option("--issue <issue>", "only machines with this issue (operators)").choices(machineIssues))
    .option("--allocated", "only allocated machines")
    .option("--free", "only free machines")
    .option("-q, --query <text>", "search hostname, name, id")
    .option("-A, --all-projects", "ignore the context's default project")
    .option("--limit <n>", "at most n machines", positiveInt)
    .action(act<{ partition?: string; size?: string; rack?: string; state?: string; liveliness?: (typeof machineLivelinessValues)[number]; condition?: (typeof machineConditions)[number]; issue?: (typeof machineIssues)[number]; allocated?: boolean; free?: boolean; query?: string; allProjects?: boolean; limit?: number }>(async ({ opts, session, client, print }) => {
      const query = defined({
        projectId: opts.allProjects ? undefined : session.project,
        partitionId: opts.partition, sizeId: opts.size, rack: opts.rack, state: opts.state,
        liveliness: opts.liveliness, condition: opts.condition, issue: opts.issue, q: opts.query,
        allocated: opts.allocated ? "true" as const : opts.free ? "false" as const : undefined,
      });
      const api = client();
      const max = opts.limit ?? Infinity;
      const items = await listAll((cursor) => api.GET("/api/v1/machines", { params: { query: { ...query, cursor, limit: Math.min(LIST_PAGE, max) } } }), max);
      print({ list: items }, views.machine);
    }));

  machine.command("describe <id>").alias("get")
    .description("show a machine")
    .option("--inventory", "the full hardware inventory and BMC address (operators)")
    .action(act<{ inventory?: boolean }>(async ({ args: [id], opts, client, print }) => {
      const api = client();
      const item = opts.inventory
        ? await unwrap(api.GET("/api/v1/admin/machines/{id}", { params: { path: { id } } }))
        : await unwrap(api.GET("/api/v1/machines/{id}", { params: { path: { id } } }));
      print({ item }, views.machine, "yaml");
    }));

  machine.command("create").alias("allocate")
    .description("allocate machines: from flags, or several from a YAML/JSON file (-f)")
    .option("-f, --file <file>", "machines to allocate (YAML documents, a list, or JSON; - for stdin); flags fill fields a machine leaves out")
    .option("--hostname <name>", "hostname (a DNS label)")
    .option("--name <name>", "display name")
    .option("--description <text>", "description")
    .option("--partition <id>", "partition")
    .option("--size <id>", "size (or --machine-id)")
    .option("--machine-id <id>", "a specific free machine")
    .option("--image <image>", "image, e.g. ubuntu-24.04")
    .option("--layout <id>", "filesystem layout (default: chosen from size and image)")
    .option("--network <id>", "primary private network (default: the project's only one in the partition)")
    .option("--external-network <id>", "external network (repeatable)", collect)
    .option("--ssh-public-key <key|@file>", "SSH public key (repeatable)", collect)
    .option("--userdata <text|@file>", "cloud-init userdata")
    .option("--tag <tag>", "tag (repeatable)", collect)
    .option("--dry-run", "validate against the API's schema and print what would be sent, without calling")
    .action(act<{ file?: string; hostname?: string; name?: string; description?: string; partition?: string; size?: string; machineId?: string; image?: string; layout?: string; network?: string; externalNetwork?: string[]; sshPublicKey?: string[]; userdata?: string; tag?: string[]; dryRun?: boolean }>(async (inv) => {
      const { opts, session } = inv;
      const fromFlags = defined({
        projectId: session.project, partitionId: opts.partition, sizeId: opts.size, machineId: opts.machineId, image: opts.image,
        filesystemLayoutId: opts.layout, name: opts.name, description: opts.description, hostname: opts.hostname, networkId: opts.network,
        externalNetworkIds: opts.externalNetwork, sshPublicKeys: opts.sshPublicKey?.map((k) => valueOrFile(k).trim()),
        userdata: opts.userdata === undefined ? undefined : valueOrFile(opts.userdata), tags: opts.tag,
      });
      const inputs = opts.file ? readResources(opts.file).map((m) => ({ ...fromFlags, ...m })) : [fromFlags];
      if (inputs.some((m) => !m.projectId)) requireProject(session); // fails with how to choose one
      await createMachines(inv, inputs, !!opts.dryRun);
    }));

  machine.command("rm <id...>").alias("free").alias("delete")
    .description("free machines: wiped and returned to the pool (static IPs are kept)")
    .action(act(async ({ args, client, print }) => {
      const api = client();
      const freed = [];
      for (const id of args) freed.push(await unwrap(api.DELETE("/api/v1/machines/{id}", { params: { path: { id } } })));
      print({ list: freed }, views.machine);
    }));

  machine.command("reinstall <id>")
    .description("reinstall a machine with an image, keeping its allocation")
    .requiredOption("--image <image>", "image, e.g. ubuntu-24.04")
    .action(act<{ image: string }>(async ({ args: [id], opts, client, print }) => {
      const item = await unwrap(client().POST("/api/v1/machines/{id}/reinstall", { params: { path: { id } }, body: { image: opts.image } }));
      print({ item }, views.machine);
    }));

  machine.command("events <id>")
    .description("a machine's provisioning history, newest first")
    .action(act(async ({ args: [id], client, print }) => {
      const events = await unwrap(client().GET("/api/v1/machines/{id}/events", { params: { path: { id } } }));
      print({ list: events.items }, views.machineEvent);
    }));

  registerMachinePower(machine);
  registerMachineWait(machine);
}
