import { mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig, saveConfig } from "./config";
import { parseDuration } from "./duration";
import { readEnv } from "./env";
import { readResources } from "./files";
import { parseRole } from "./commands/roles";

describe("config file", () => {
  it("lives in $XDG_CONFIG_HOME/metal, else ~/.config/metal, unless METAL_CONFIG names it", () => {
    expect(readEnv({ HOME: "/home/u" }).configFile).toBe("/home/u/.config/metal/config.yaml");
    expect(readEnv({ HOME: "/home/u", XDG_CONFIG_HOME: "/xdg" }).configFile).toBe("/xdg/metal/config.yaml");
    expect(readEnv({ HOME: "/home/u", METAL_CONFIG: "/tmp/c.yaml" }).configFile).toBe("/tmp/c.yaml");
  });

  it("is written 0600 in a 0700 directory, also over a file that was world-readable", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "metal-config-"));
    const file = path.join(dir, "metal", "config.yaml");
    saveConfig(file, { current: "lab", contexts: { lab: { url: "http://localhost:3000", token: "mtk_secret" } } });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
    writeFileSync(file, readFileSync(file), { mode: 0o644 });
    saveConfig(file, loadConfig(file));
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(loadConfig(file).contexts.lab.token).toBe("mtk_secret");
  });

  it("names what is wrong in a broken file", () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), "metal-config-")), "config.yaml");
    writeFileSync(file, "contexts:\n  lab:\n    url: not a url\n");
    expect(() => loadConfig(file)).toThrow(expect.objectContaining({ fields: [expect.objectContaining({ field: "contexts.lab.url" })] }));
    writeFileSync(file, "contexts: [");
    expect(() => loadConfig(file)).toThrow(/not valid YAML/);
  });
});

describe("inputs", () => {
  it("parses durations", () => {
    expect(parseDuration("90")).toBe(90_000);
    expect(parseDuration("5m")).toBe(300_000);
    expect(parseDuration("1h30m")).toBe(5_400_000);
    expect(() => parseDuration("5 minutes")).toThrow(expect.objectContaining({ exitCode: 2 }));
  });

  it("reads several resources from YAML documents, a list, { items } or JSON", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "metal-files-"));
    const write = (name: string, text: string) => (writeFileSync(path.join(dir, name), text), path.join(dir, name));
    expect(readResources(write("a.yaml", "hostname: a\n---\nhostname: b\n"))).toEqual([{ hostname: "a" }, { hostname: "b" }]);
    expect(readResources(write("b.yaml", "- hostname: a\n- hostname: b\n"))).toHaveLength(2);
    expect(readResources(write("c.json", '{"items":[{"hostname":"a"}],"nextCursor":null}'))).toEqual([{ hostname: "a" }]);
    expect(() => readResources(write("d.yaml", "- 1\n"))).toThrow(/resource 1 is not an object/);
    expect(() => readResources(path.join(dir, "missing.yaml"))).toThrow(expect.objectContaining({ exitCode: 2, message: expect.stringContaining("ENOENT") }));
  });

  it("parses role specs as `npm run admin -- create-token` spells them", () => {
    expect(parseRole("admin:viewer")).toEqual({ scope: "admin", role: "viewer" });
    expect(parseRole("tenant:acme:editor")).toEqual({ scope: "tenant", tenantId: "acme", role: "editor" });
    expect(parseRole("project:acme/p1:owner")).toEqual({ scope: "project", tenantId: "acme", projectId: "p1", role: "owner" });
    expect(() => parseRole("tenant:acme:god")).toThrow(expect.objectContaining({ exitCode: 2 }));
  });
});
