import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { saveConfig } from "./config";

/** The bundled CLI as a process (bin/metal.cjs), for what only a real process shows. */
function metal(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [path.resolve(import.meta.dirname, "../bin/metal.cjs"), ...args], { env: { PATH: process.env.PATH, NO_COLOR: "1", ...env } as unknown as NodeJS.ProcessEnv });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (c) => (stdout += c));
  child.stderr.on("data", (c) => (stderr += c));
  return new Promise((resolve) => child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr })));
}

describe("metal process", () => {
  it("writes a large answer to a pipe completely before it exits", async () => {
    const config = path.join(mkdtempSync(path.join(os.tmpdir(), "metal-main-")), "config.yaml");
    const contexts = Object.fromEntries(Array.from({ length: 3000 }, (_, i) => [`context-${i}`, { url: `http://metal-${i}.example.com`, project: "p".repeat(40) }]));
    saveConfig(config, { current: "context-0", contexts });
    const r = await metal(["context", "ls", "-o", "json"], { METAL_CONFIG: config });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.length).toBeGreaterThan(256 * 1024);
    expect(JSON.parse(r.stdout).items).toHaveLength(3000);
  }, 60_000);

  it("exits 2 with usage help for an unknown command, 0 for --help, and never prints a stack trace", async () => {
    const env = { HOME: mkdtempSync(path.join(os.tmpdir(), "metal-main-")) };
    const unknown = await metal(["frobnicate"], env);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("unknown command 'frobnicate'");
    const help = await metal(["machine", "--help"], env);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("Usage: metal machine");
    const noUrl = await metal(["machine", "ls"], env);
    expect(noUrl.code).toBe(2);
    expect(noUrl.stderr).toBe("error: no API URL: run `metal login --url https://…`, `metal context add`, or set METAL_URL\n");
  }, 60_000);
});
