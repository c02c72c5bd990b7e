import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

/**
 * The CLI is a client of the API like any other (ARCHITECTURE §2): it imports the generated
 * SDK and lib/contracts, never the app's services, database or auth. Checked over the whole
 * import graph, so a contract that starts importing the database would be caught too.
 */
const ROOT = path.resolve(import.meta.dirname, "..");
const SPECIFIER = /(?:import|export)\s[^'"]*?from\s+["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g;

function resolve(spec: string, from: string): string | null {
  if (!spec.startsWith("@/") && !spec.startsWith(".")) return null;
  const base = spec.startsWith("@/") ? path.join(ROOT, spec.slice(2)) : path.resolve(path.dirname(from), spec);
  const found = [base, `${base}.ts`, `${base}.tsx`, path.join(base, "index.ts")].find((c) => existsSync(c) && statSync(c).isFile());
  if (!found) throw new Error(`${from}: cannot resolve ${spec}`);
  return found;
}

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const full = path.join(dir, f);
    if (statSync(full).isDirectory()) return sources(full);
    return f.endsWith(".ts") && !f.includes(".test.") ? [full] : [];
  });
}

function importGraph(entries: string[]): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const queue = [...entries];
  while (queue.length) {
    const file = queue.pop()!;
    if (files.has(file)) continue;
    files.add(file);
    for (const m of readFileSync(file, "utf8").matchAll(SPECIFIER)) {
      const spec = m[1] ?? m[2];
      const target = resolve(spec, file);
      if (target) queue.push(target);
      else packages.add(spec.startsWith("node:") ? "node:" : spec.split("/").slice(0, spec.startsWith("@") ? 2 : 1).join("/"));
    }
  }
  return { files, packages };
}

describe("metal CLI dependencies", () => {
  const cli = sources(path.join(ROOT, "cli"));
  const { files, packages } = importGraph(cli);
  const ours = [...files].map((f) => path.relative(ROOT, f));

  it("imports, of the project, only its own files, the SDK and lib/contracts", () => {
    for (const f of cli) {
      for (const m of readFileSync(f, "utf8").matchAll(SPECIFIER)) {
        const spec = m[1] ?? m[2];
        if (spec.startsWith("@/")) expect(spec, `${path.relative(ROOT, f)} imports ${spec}`).toMatch(/^@\/(sdk|lib\/contracts\/[\w-]+)$/);
      }
    }
  });

  it("reaches through them only the pure contract helpers and domain schemas, never services, database or auth sessions", () => {
    const outside = ours.filter((f) => !/^(cli|sdk|lib\/contracts|lib\/domain)\//.test(f));
    expect(outside.sort()).toEqual(["lib/auth/grants.ts", "lib/http/errors.ts", "lib/http/pagination.ts"]);
    expect(ours.filter((f) => f.startsWith("sdk/")).sort()).toEqual(["sdk/client.ts", "sdk/errors.ts", "sdk/generated/schema.ts", "sdk/index.ts", "sdk/types.ts"]);
  });

  it("needs no package beyond the CLI library, YAML, the SDK's fetch client and zod (no database driver, ORM, Next.js or React)", () => {
    expect([...packages].sort()).toEqual(["commander", "node:", "openapi-fetch", "semver", "yaml", "zod"]);
  });
});
