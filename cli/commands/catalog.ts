import type { Command } from "commander";
import type { z } from "zod";
import * as c from "@/lib/contracts/catalog";
import { listAll, type MetalClient, unwrap } from "@/sdk";
import { usageError } from "../exit";
import { readResources } from "../files";
import type { ResourceView } from "../output/format";
import { act } from "../run";
import { validate } from "../validate";
import { views } from "../views";

type Call<T> = Promise<{ data?: T; error?: unknown; response: Response }>;
type Page<T> = { items: T[]; nextCursor: string | null };

/** One catalog kind: its API calls (each typed by the SDK) and the schemas -f files are checked with. */
type Kind<T> = {
  name: string;
  help: string;
  view: ResourceView;
  list: (api: MetalClient, cursor?: string) => Call<Page<T>>;
  get: (api: MetalClient, id: string) => Call<T>;
  create: (api: MetalClient, body: never) => Call<T>;
  update: (api: MetalClient, id: string, body: never) => Call<T>;
  remove: (api: MetalClient, id: string) => Call<unknown>;
  createSchema: z.ZodType;
  updateSchema: z.ZodObject;
  /** Fields of `describe -o yaml` that are not part of an update (read-only): dropped from -f files. */
  readOnly: string[];
};

const stamps = ["createdAt", "updatedAt"];
const limit = 500;

const kinds: Kind<unknown>[] = [
  {
    name: "partition", help: "partitions (data centre locations)", view: views.partition,
    list: (api, cursor) => api.GET("/api/v1/partitions", { params: { query: { cursor, limit } } }),
    get: (api, id) => api.GET("/api/v1/partitions/{id}", { params: { path: { id } } }),
    create: (api, body) => api.POST("/api/v1/partitions", { body }),
    update: (api, id, body) => api.PATCH("/api/v1/partitions/{id}", { params: { path: { id } }, body }),
    remove: (api, id) => api.DELETE("/api/v1/partitions/{id}", { params: { path: { id } } }),
    createSchema: c.createPartitionInput, updateSchema: c.updatePartitionInput, readOnly: stamps,
  },
  {
    name: "size", help: "machine sizes (hardware constraints)", view: views.size,
    list: (api, cursor) => api.GET("/api/v1/sizes", { params: { query: { cursor, limit } } }),
    get: (api, id) => api.GET("/api/v1/sizes/{id}", { params: { path: { id } } }),
    create: (api, body) => api.POST("/api/v1/sizes", { body }),
    update: (api, id, body) => api.PATCH("/api/v1/sizes/{id}", { params: { path: { id } }, body }),
    remove: (api, id) => api.DELETE("/api/v1/sizes/{id}", { params: { path: { id } } }),
    createSchema: c.createSizeInput, updateSchema: c.updateSizeInput, readOnly: stamps,
  },
  {
    name: "image", help: "operating system images", view: views.image,
    list: (api, cursor) => api.GET("/api/v1/images", { params: { query: { cursor, limit } } }),
    get: (api, id) => api.GET("/api/v1/images/{id}", { params: { path: { id } } }),
    create: (api, body) => api.POST("/api/v1/images", { body }),
    update: (api, id, body) => api.PATCH("/api/v1/images/{id}", { params: { path: { id } }, body }),
    remove: (api, id) => api.DELETE("/api/v1/images/{id}", { params: { path: { id } } }),
    createSchema: c.createImageInput, updateSchema: c.updateImageInput, readOnly: [...stamps, "os", "version", "expired"],
  },
  {
    name: "layout", help: "filesystem layouts", view: views.layout,
    list: (api, cursor) => api.GET("/api/v1/filesystem-layouts", { params: { query: { cursor, limit } } }),
    get: (api, id) => api.GET("/api/v1/filesystem-layouts/{id}", { params: { path: { id } } }),
    create: (api, body) => api.POST("/api/v1/filesystem-layouts", { body }),
    update: (api, id, body) => api.PUT("/api/v1/filesystem-layouts/{id}", { params: { path: { id } }, body }),
    remove: (api, id) => api.DELETE("/api/v1/filesystem-layouts/{id}", { params: { path: { id } } }),
    createSchema: c.createFilesystemLayoutInput, updateSchema: c.updateFilesystemLayoutInput, readOnly: stamps,
  },
];

function register<T>(program: Command, kind: Kind<T>): void {
  const group = program.command(kind.name).alias(`${kind.name}s`).description(kind.help);

  group.command("ls").alias("list").description(`list ${kind.name}s`)
    .action(act(async ({ client, print }) => {
      const api = client();
      print({ list: await listAll((cursor) => kind.list(api, cursor)) }, kind.view);
    }));

  group.command("describe <id>").alias("get").description(`show a ${kind.name}`)
    .action(act(async ({ args: [id], client, print }) => {
      print({ item: await unwrap(kind.get(client(), id)) }, kind.view, "yaml");
    }));

  group.command("create").description(`create ${kind.name}s from a YAML/JSON file (operators)`)
    .requiredOption("-f, --file <file>", `${kind.name}(s) as YAML documents, a list, or JSON (- for stdin)`)
    .option("--dry-run", "validate only")
    .action(act<{ file: string; dryRun?: boolean }>(async ({ opts, client, print }) => {
      const inputs = readResources(opts.file);
      const bodies = inputs.map((r, i) => validate(kind.createSchema, r, `${kind.name} ${String(r.id ?? i + 1)}`));
      if (opts.dryRun) return print({ list: bodies }, kind.view, "yaml");
      const created = [];
      for (const body of bodies) created.push(await unwrap(kind.create(client(), body as never)));
      print({ list: created }, kind.view);
    }));

  group.command("update").description(`update ${kind.name}s from a YAML/JSON file, e.g. an edited \`describe -o yaml\` (operators)`)
    .requiredOption("-f, --file <file>", `${kind.name}(s) with their id`)
    .option("--dry-run", "validate only")
    .action(act<{ file: string; dryRun?: boolean }>(async ({ opts, client, print }) => {
      const changes = readResources(opts.file).map((r, i) => {
        const { id, ...rest } = r;
        if (typeof id !== "string" || !id) throw usageError(`${kind.name} ${i + 1} in ${opts.file} has no id`);
        for (const k of kind.readOnly) delete rest[k];
        return { id, body: validate(kind.updateSchema, rest, `${kind.name} ${id}`) };
      });
      if (opts.dryRun) return print({ list: changes.map((ch) => ({ id: ch.id, ...(ch.body as object) })) }, kind.view, "yaml");
      const updated = [];
      for (const ch of changes) updated.push(await unwrap(kind.update(client(), ch.id, ch.body as never)));
      print({ list: updated }, kind.view);
    }));

  registerRemove(group, kind);
}

function registerRemove<T>(group: Command, kind: Kind<T>): void {
  group.command("rm <id...>").alias("delete").description(`delete ${kind.name}s nothing uses any more (operators)`)
    .action(act(async ({ args, client }) => {
      for (const id of args) {
        await unwrap(kind.remove(client(), id));
        process.stdout.write(`deleted ${kind.name} ${id}\n`);
      }
    }));
}

export function registerCatalog(program: Command): void {
  for (const kind of kinds) register(program, kind);
}
