import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import YAML from "yaml";
import { z } from "zod";
import { CliError } from "./exit";

/**
 * ~/.config/metal/config.yaml (or $XDG_CONFIG_HOME/metal, or $METAL_CONFIG): named contexts,
 * each an API URL, a token and a default project. The file holds tokens, so it is written with
 * mode 0600 (in a 0700 directory) every time, also when it existed with looser permissions.
 */
const contextSchema = z.object({
  url: z.string().url(),
  token: z.string().optional(),
  project: z.string().optional(),
});
export type CliContext = z.infer<typeof contextSchema>;

const configSchema = z.object({
  current: z.string().optional(),
  contexts: z.record(z.string(), contextSchema).default({}),
});
export type CliConfig = z.infer<typeof configSchema>;

export function loadConfig(file: string): CliConfig {
  if (!existsSync(file)) return { contexts: {} };
  let raw: unknown;
  try {
    raw = YAML.parse(readFileSync(file, "utf8")) ?? {};
  } catch (err) {
    throw new CliError(`${file} is not valid YAML: ${(err as Error).message}`);
  }
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) {
    throw new CliError(`${file} is not a valid metal config`, 1, parsed.error.issues.map((i) => ({ field: i.path.join(".") || "(root)", message: i.message })));
  }
  return parsed.data;
}

/** Atomic (temp file + rename), created 0600 so the token is never readable by others, not even briefly. */
export function saveConfig(file: string, config: CliConfig): void {
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, YAML.stringify(config), { mode: 0o600 });
  chmodSync(tmp, 0o600);
  renameSync(tmp, file);
}

/** Context names appear in commands and file keys: keep them simple. */
export const contextName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/, "use letters, digits, '.', '_' and '-'");
