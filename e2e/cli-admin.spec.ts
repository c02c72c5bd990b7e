import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import YAML from "yaml";
import { cliUser, metal, tokenFor } from "./cli-helpers";

/** The `metal` CLI against the e2e server: catalog reads and operator writes from files, tokens, audit, completion. */
test.describe.configure({ mode: "serial" });

const dir = mkdtempSync(path.join(os.tmpdir(), "metal-e2e-files-"));
const file = (name: string, text: string) => {
  writeFileSync(path.join(dir, name), text);
  return path.join(dir, name);
};

test("catalog: partitions, sizes, images and layouts in every output format; operators create, update and delete from YAML files", async () => {
  const operator = cliUser(await tokenFor("admin"));
  const tenant = cliUser(await tokenFor("olivia@acme.example"));

  const partitions = await metal(tenant, ["partition", "ls", "-o", "jsonpath={.items[*].id}"]);
  expect(partitions.stdout.trim().split(" ")).toContain("lab");
  const sizes = await metal(tenant, ["size", "ls", "--no-headers", "--sort-by", "id"]);
  // Other specs may have added sizes: the seeded ones are there, and the list is sorted by id.
  const ids = sizes.stdout.split("\n").map((l) => l.split(/\s+/)[0]).filter(Boolean);
  expect(ids).toEqual([...ids].sort());
  expect(ids.filter((id) => ["c1-large-x86", "c1-small-x86", "g1-gpu-x86"].includes(id))).toEqual(["c1-large-x86", "c1-small-x86", "g1-gpu-x86"]);
  const images = await metal(tenant, ["image", "ls", "-o", "template={{.id}} {{.classification}}"]);
  expect(images.stdout).toContain("ubuntu-24.04.20260401 supported\n");
  const layouts = await metal(tenant, ["layout", "ls", "-o", "wide"]);
  expect(layouts.stdout).toMatch(/^ID\s+NAME\s+DESCRIPTION\s+SIZES\s+IMAGES\n/);
  const size = YAML.parse((await metal(tenant, ["size", "describe", "c1-small-x86"])).stdout);
  expect(size).toMatchObject({ id: "c1-small-x86", constraints: expect.arrayContaining([{ type: "cores", min: 8, max: 16 }]) });

  const sizeFile = file("size.yaml", "id: cli-huge\nname: Huge\nconstraints:\n  - type: cores\n    min: 1000\n    max: 2000\n---\nid: cli-broken\nconstraints: []\n");
  const dry = await metal(operator, ["size", "create", "-f", sizeFile, "--dry-run"]);
  expect(dry.code).toBe(2);
  expect(dry.stderr).toContain("size cli-broken is not valid");
  expect(dry.stderr).toContain("constraints: a size needs at least one constraint");
  const good = file("good.yaml", "id: cli-huge\nname: Huge\nconstraints:\n  - type: cores\n    min: 1000\n    max: 2000\n");
  expect((await metal(operator, ["size", "create", "-f", good, "--dry-run"])).code).toBe(0);
  expect((await metal(operator, ["size", "describe", "cli-huge"])).code).toBe(3);
  const denied = await metal(tenant, ["size", "create", "-f", good]);
  expect(denied.code).toBe(1);
  expect(denied.stderr).toContain("Forbidden (403");
  const created = await metal(operator, ["size", "create", "-f", good]);
  expect(created.code, created.stderr).toBe(0);
  expect(created.stdout).toMatch(/cli-huge\s+Huge/);

  // The kubectl round trip: describe as YAML, edit, update from the file.
  const described = YAML.parse((await metal(operator, ["size", "describe", "cli-huge", "-o", "yaml"])).stdout);
  const edited = file("edited.yaml", YAML.stringify({ ...described, description: "edited from the CLI" }));
  const updated = await metal(operator, ["size", "update", "-f", edited]);
  expect(updated.code, updated.stderr).toBe(0);
  expect(JSON.parse((await metal(tenant, ["size", "describe", "cli-huge", "-o", "json"])).stdout).description).toBe("edited from the CLI");
  expect((await metal(operator, ["size", "rm", "cli-huge"])).code).toBe(0);
  expect((await metal(tenant, ["size", "describe", "cli-huge"])).code).toBe(3);
});

test("tokens: create with a lower role (secret printed once), use it, list, revoke; audit log for operators only", async () => {
  const olivia = cliUser(await tokenFor("olivia@acme.example"));
  const me = JSON.parse((await metal(olivia, ["whoami", "-o", "json"])).stdout) as { roles: { tenantId: string }[] };
  const acme = me.roles[0].tenantId;
  const created = await metal(olivia, ["token", "create", "--description", "ci viewer", "--role", `tenant:${acme}:viewer`, "--expires", "7d"]);
  expect(created.code, created.stderr).toBe(0);
  const secret = created.stdout.trim();
  expect(secret).toMatch(/^mtk_/);
  expect(created.stderr).toContain("shown only once");

  const viewer = cliUser(secret);
  expect(JSON.parse((await metal(viewer, ["whoami", "-o", "json"])).stdout).roles).toEqual([expect.objectContaining({ scope: "tenant", role: "viewer" })]);
  const web = JSON.parse((await metal(viewer, ["project", "ls", "-o", "json"])).stdout).items.find((p: { name: string }) => p.name === "web");
  const refused = await metal(viewer, ["network", "create", "--name", "nope", "--partition", "lab", "-p", web.id]);
  expect(refused.code).toBe(2);
  expect(refused.stderr).toContain("error: Validation failed (422 validation_failed)\n  body.projectId: you need the editor role in this project\n");

  const list = JSON.parse((await metal(olivia, ["token", "ls", "-o", "json"])).stdout) as { items: { id: string; description: string; status: string }[] };
  const token = list.items.find((t) => t.description === "ci viewer")!;
  expect(token.status).toBe("active");
  expect(JSON.stringify(list)).not.toContain(secret);
  const revoked = await metal(olivia, ["token", "revoke", token.id, "-o", "template={{.status}}"]);
  expect(revoked.stdout).toBe("revoked\n");
  const after = await metal(viewer, ["whoami"]);
  expect(after.code).toBe(1);
  expect(after.stderr).toContain("401 invalid_token");

  const operator = cliUser(await tokenFor("admin"));
  const audit = await metal(operator, ["audit", "ls", "--action", "token.revoke", "--target", token.id, "-o", "json"]);
  expect(audit.code, audit.stderr).toBe(0);
  expect(JSON.parse(audit.stdout).items).toEqual([expect.objectContaining({ action: "token.revoke", target: { type: "token", id: token.id } })]);
  const table = await metal(operator, ["audit", "ls", "--limit", "3"]);
  expect(table.stdout).toMatch(/^TIME\s+ACTOR\s+ACTION\s+TARGET TYPE\s+TARGET\s+RESULT\n/);
  expect(table.stdout.trim().split("\n")).toHaveLength(4);
  expect((await metal(olivia, ["audit", "ls"])).code).toBe(1);
});

test("completion scripts for bash, zsh and fish; other shells are a usage error", async () => {
  const user = cliUser();
  const bash = await metal(user, ["completion", "bash"]);
  expect(bash.code).toBe(0);
  expect(bash.stdout).toContain("complete -o default -F _metal metal");
  expect((await metal(user, ["completion", "zsh"])).stdout).toMatch(/^#compdef metal/);
  expect((await metal(user, ["completion", "fish"])).stdout).toContain("complete -c metal -n '__fish_use_subcommand' -a machine");
  const other = await metal(user, ["completion", "powershell"]);
  expect(other.code).toBe(2);
  expect(other.stderr).toContain('completion for "powershell": use bash, zsh or fish');
  expect(readFileSync(path.join(__dirname, "..", "bin/metal.cjs"), "utf8")).toMatch(/^#!\/usr\/bin\/env node/);
});
