import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

/**
 * The agent runs on machines without the web app (ARCHITECTURE §2): it may import its own
 * files, lib/contracts and lib/domain, Node built-ins and zod. Checked over the whole import
 * graph, so a contract that starts importing the database would be caught too.
 */
const ROOT = path.resolve(import.meta.dirname, "../..");
const AGENT = path.join(ROOT, "agents/machine");
const SPECIFIER = /(?:import|export)\s[^'"]*?from\s+["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g;

function resolve(spec: string, from: string): string | null {
  if (!spec.startsWith("@/") && !spec.startsWith(".")) return null;
  const base = spec.startsWith("@/") ? path.join(ROOT, spec.slice(2)) : path.resolve(path.dirname(from), spec);
  const found = [base, `${base}.ts`, `${base}.tsx`, path.join(base, "index.ts")].find((c) => existsSync(c) && statSync(c).isFile());
  if (!found) throw new Error(`${from}: cannot resolve ${spec}`);
  return found;
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

describe("machine agent dependencies", () => {
  const runtime = readdirSync(AGENT).filter((f) => f.endsWith(".ts") && !f.includes(".test.") && !f.includes(".fixtures.") && f !== "test-support.ts");
  const { files, packages } = importGraph(runtime.map((f) => path.join(AGENT, f)));
  const ours = [...files].map((f) => path.relative(ROOT, f));

  it("reaches only its own files, the contracts, the pure domain and pure HTTP contract helpers", () => {
    const outside = ours.filter((f) => !/^(agents\/machine|lib\/contracts|lib\/domain)\//.test(f));
    // lib/contracts/endpoints-boot.ts declares endpoints with lib/http's pure definition helpers.
    expect(outside.sort()).toEqual(["lib/http/endpoint.ts", "lib/http/errors.ts", "lib/http/pagination.ts"]);
  });

  it("imports files of its own, lib/contracts and lib/domain directly, nothing else of the app", () => {
    for (const f of runtime) {
      for (const m of readFileSync(path.join(AGENT, f), "utf8").matchAll(SPECIFIER)) {
        const spec = m[1] ?? m[2];
        if (spec.startsWith("@/")) expect(spec, `${f} imports ${spec}`).toMatch(/^@\/lib\/(contracts|domain)\//);
      }
    }
  });

  it("needs no package beyond zod and semver (no database driver, ORM, Next.js or React)", () => {
    expect([...packages].sort()).toEqual(["node:", "semver", "zod"]);
  });
});

/**
 * The switch agent runs on switches: the same rule. It shares the machine agent's logger and
 * HTTP error type (agents/machine), nothing else; lab and test files are not part of it.
 */
describe("switch agent dependencies", () => {
  const SWITCH = path.join(ROOT, "agents/switch");
  const runtime = readdirSync(SWITCH).filter((f) => f.endsWith(".ts") && !f.includes(".test.") && f !== "frr-available.ts");
  const { files, packages } = importGraph(runtime.map((f) => path.join(SWITCH, f)));
  const ours = [...files].map((f) => path.relative(ROOT, f));

  it("reaches only agent files, the contracts, the pure domain and pure HTTP contract helpers", () => {
    const outside = ours.filter((f) => !/^(agents\/(switch|machine)|lib\/contracts|lib\/domain)\//.test(f));
    expect(outside.sort()).toEqual(["lib/http/endpoint.ts", "lib/http/errors.ts", "lib/http/pagination.ts"]);
  });

  it("needs no package beyond zod and semver", () => {
    expect([...packages].sort()).toEqual(["node:", "semver", "zod"]);
  });
});
