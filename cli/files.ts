import { readFileSync } from "node:fs";
import YAML from "yaml";
import { CliError, EXIT } from "./exit";

/**
 * Reads resources from a YAML or JSON file (`-` = stdin): several YAML documents (---), a list,
 * or { items: [...] } (what `-o yaml` prints) each give several resources.
 */
export function readResources(file: string): Record<string, unknown>[] {
  let text: string;
  try {
    text = readFileSync(file === "-" ? 0 : file, "utf8");
  } catch (err) {
    throw new CliError(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, EXIT.usage);
  }
  let docs: unknown[];
  try {
    docs = YAML.parseAllDocuments(text).map((d) => {
      if (d.errors.length) throw d.errors[0];
      return d.toJS();
    });
  } catch (err) {
    throw new CliError(`${file} is neither YAML nor JSON: ${(err as Error).message.split("\n")[0]}`, EXIT.usage);
  }
  const out = docs
    .filter((d) => d !== null && d !== undefined)
    .flatMap((d) => (Array.isArray(d) ? d : typeof d === "object" && Array.isArray((d as { items?: unknown }).items) ? (d as { items: unknown[] }).items : [d]));
  out.forEach((r, i) => {
    if (typeof r !== "object" || r === null || Array.isArray(r)) throw new CliError(`${file}: resource ${i + 1} is not an object`, EXIT.usage);
  });
  if (!out.length) throw new CliError(`${file} holds no resource`, EXIT.usage);
  return out as Record<string, unknown>[];
}

/** "@path" reads a file, anything else is the value itself (for --userdata, --ssh-public-key). */
export function valueOrFile(value: string): string {
  if (!value.startsWith("@")) return value;
  try {
    return readFileSync(value.slice(1), "utf8");
  } catch (err) {
    throw new CliError(`cannot read ${value.slice(1)}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, EXIT.usage);
  }
}
