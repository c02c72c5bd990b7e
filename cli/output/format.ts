import YAML from "yaml";
import { usageError } from "../exit";
import { renderJsonPath } from "./jsonpath";
import { sortByPath } from "./path";
import { type Column, renderTable, resolveSortField } from "./table";
import { parseTemplate, renderTemplate } from "./template";

/**
 * -o table (default for lists) | wide | json | yaml | template=… (Go-template-like, per item)
 * | jsonpath=… (kubectl's, over the whole answer). json and yaml print what the API returned:
 * a list as { items, nextCursor }, one resource as itself.
 */
export type OutputFormat =
  | { kind: "table" | "wide" | "json" | "yaml" }
  | { kind: "template"; template: string }
  | { kind: "jsonpath"; template: string };

export const OUTPUT_HELP = "output format: table, wide, json, yaml, template='{{.id}}' or jsonpath='{.items[*].id}'";

export type OutputOptions = { output?: string; template?: string; headers?: boolean; sortBy?: string };

export function parseOutput(output: string | undefined, template?: string): OutputFormat | undefined {
  if (output === undefined) return undefined;
  const eq = output.indexOf("=");
  const name = eq < 0 ? output : output.slice(0, eq);
  const arg = eq < 0 ? template : output.slice(eq + 1);
  switch (name) {
    case "table":
    case "wide":
    case "json":
    case "yaml":
      return { kind: name };
    case "template":
    case "go-template":
      if (!arg) throw usageError(`-o ${name} needs a template: -o ${name}='{{.id}}' or --template`);
      try {
        parseTemplate(arg);
      } catch (err) {
        throw usageError((err as Error).message);
      }
      return { kind: "template", template: arg };
    case "jsonpath":
      if (!arg) throw usageError("-o jsonpath needs a path: -o jsonpath='{.items[*].id}'");
      return { kind: "jsonpath", template: arg };
    default:
      throw usageError(`unknown output format "${name}"; use ${OUTPUT_HELP}`);
  }
}

export type ResourceView = { columns: Column[]; wide?: Column[] };

export type Printable =
  | { list: unknown[]; nextCursor?: string | null }
  | { item: unknown };

function serialise(kind: "json" | "yaml", value: unknown): string {
  return kind === "json" ? `${JSON.stringify(value, null, 2)}\n` : YAML.stringify(value, { aliasDuplicateObjects: false });
}

function withNewline(s: string): string {
  return s === "" || s.endsWith("\n") ? s : `${s}\n`;
}

/** Renders an answer in the chosen format; `fallback` is the format when -o was not given. */
export function formatOutput(data: Printable, view: ResourceView, opts: OutputOptions, fallback: OutputFormat["kind"] = "table"): string {
  const format = parseOutput(opts.output, opts.template) ?? ({ kind: fallback } as OutputFormat);
  const columns = format.kind === "wide" ? [...view.columns, ...(view.wide ?? [])] : view.columns;
  let items = "list" in data ? data.list : [data.item];
  if (opts.sortBy) {
    try {
      items = sortByPath(items, resolveSortField(opts.sortBy, columns));
    } catch (err) {
      throw usageError(`--sort-by: ${(err as Error).message}`);
    }
  }
  const answer = "list" in data ? { items, nextCursor: data.nextCursor ?? null } : data.item;
  try {
    switch (format.kind) {
      case "json":
      case "yaml":
        return serialise(format.kind, answer);
      case "template":
        return items.map((i) => withNewline(renderTemplate(format.template, i))).join("");
      case "jsonpath":
        return withNewline(renderJsonPath(format.template, answer));
      default:
        return renderTable(items, columns, { headers: opts.headers !== false });
    }
  } catch (err) {
    throw usageError((err as Error).message);
  }
}
