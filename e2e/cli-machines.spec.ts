import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import YAML from "yaml";
import { cliUser, metal, tokenFor } from "./cli-helpers";

/**
 * Machines, networks and IPs with the `metal` CLI against the lab partition of the e2e server:
 * a tenant (in a project of its own, so other specs' networks do not matter) creates a network,
 * allocates two machines from one file, waits until they phone home, looks at them in every
 * output format, and frees them; another tenant sees none of it.
 */
test.describe.configure({ mode: "serial" });

type Machine = { id: string; state: string; allocation: { hostname: string; projectId: string; networks: { addresses: string[] }[] } | null };
const files = mkdtempSync(path.join(os.tmpdir(), "metal-e2e-machines-"));
const suffix = Date.now().toString(36);
let olivia: ReturnType<typeof cliUser>;
let projectId = "";
let networkId = "";
let machines: Machine[] = [];

test("networks and IPs: create a network in a new project, acquire, make static and release an IP", async () => {
  olivia = cliUser(await tokenFor("olivia@acme.example"));
  const acme = (JSON.parse((await metal(olivia, ["whoami", "-o", "json"])).stdout) as { roles: { tenantId: string }[] }).roles[0].tenantId;
  const project = await metal(olivia, ["project", "create", `cli-${suffix}`, "--tenant", acme, "-o", "json"]);
  expect(project.code, project.stderr).toBe(0);
  projectId = JSON.parse(project.stdout).id;
  olivia.env.METAL_PROJECT = projectId;

  const net = await metal(olivia, ["network", "create", "--name", "cli-net", "--partition", "lab", "-o", "json"]);
  expect(net.code, net.stderr).toBe(0);
  networkId = JSON.parse(net.stdout).items[0].id;
  const ls = await metal(olivia, ["network", "ls"]);
  expect(ls.stdout).toMatch(new RegExp(`^NAME\\s+ID\\s+KIND\\s+PARTITION\\s+PREFIXES\\s+VRF\\ncli-net\\s+${networkId}\\s+private\\s+lab\\s+10\\.`));

  const ip = await metal(olivia, ["ip", "acquire", "--network", networkId, "--name", "spare", "-o", "json"]);
  expect(ip.code, ip.stderr).toBe(0);
  const { id, address, kind } = JSON.parse(ip.stdout);
  expect(kind).toBe("ephemeral");
  expect((await metal(olivia, ["ip", "ls", "-o", "template={{.address}} {{.name}}"])).stdout).toBe(`${address} spare\n`);
  expect((await metal(olivia, ["ip", "static", id, "-o", "template={{.kind}}"])).stdout).toBe("static\n");
  expect(YAML.parse((await metal(olivia, ["ip", "describe", id])).stdout)).toMatchObject({ id, address, kind: "static", networkId });
  expect((await metal(olivia, ["ip", "release", id])).stdout).toBe(`released ip ${id}\n`);
  expect((await metal(olivia, ["ip", "describe", id])).code).toBe(3);
});

test("machine create -f: every machine validated first (--dry-run names the bad field, allocates nothing), then allocated and reported one by one", async () => {
  const bad = path.join(files, "bad.yaml");
  writeFileSync(bad, `partitionId: lab\nsizeId: c1-large-x86\nimage: ubuntu-24.04\nhostname: cli-a-${suffix}\n---\npartitionId: lab\nsizeId: c1-large-x86\nimage: ubuntu-24.04\nhostname: Not_A_Label\n`);
  const refused = await metal(olivia, ["machine", "create", "-f", bad, "--dry-run"]);
  expect(refused.code).toBe(2);
  expect(refused.stderr).toContain("Not_A_Label (machine 2 of 2) is not valid\n  hostname: must be a DNS label");
  expect((await metal(olivia, ["machine", "create", "-f", bad])).code).toBe(2);
  expect(JSON.parse((await metal(olivia, ["machine", "ls", "-o", "json"])).stdout).items).toEqual([]);

  const good = path.join(files, "machines.yaml");
  writeFileSync(good, YAML.stringify([
    { hostname: `cli-a-${suffix}`, tags: ["cli"] },
    { hostname: `cli-b-${suffix}`, sshPublicKeys: ["ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJv2 olivia@laptop"] },
  ]));
  // The large size: e2e/machines.spec.ts expects a small machine with no earlier install in its timeline.
  const flags = ["--partition", "lab", "--size", "c1-large-x86", "--image", "ubuntu-24.04"];
  const dry = await metal(olivia, ["machine", "create", "-f", good, ...flags, "--dry-run"]);
  expect(dry.code, dry.stderr).toBe(0);
  expect(YAML.parse(dry.stdout).items).toEqual([expect.objectContaining({ hostname: `cli-a-${suffix}`, projectId, partitionId: "lab" }), expect.objectContaining({ hostname: `cli-b-${suffix}` })]);
  expect(dry.stderr).toContain("dry run: 2 machine(s) valid, nothing allocated");

  const created = await metal(olivia, ["machine", "create", "-f", good, ...flags, "-o", "json"]);
  expect(created.code, created.stderr).toBe(0);
  machines = JSON.parse(created.stdout).items;
  expect(machines.map((m) => m.allocation?.hostname)).toEqual([`cli-a-${suffix}`, `cli-b-${suffix}`]);
});

test("machine wait --for \"Phoned Home\" follows the lab machines live; ls/describe/events in every output format", async () => {
  const ids = machines.map((m) => m.id);
  const wait = await metal(olivia, ["machine", "wait", ...ids, "--for", "Phoned Home", "--timeout", "90s"]);
  expect(wait.code, wait.stderr).toBe(0);
  expect(wait.stderr).toContain(`cli-a-${suffix}: Phoned Home`);
  expect(wait.stdout).toMatch(new RegExp(`^HOSTNAME\\s+ID\\s+STATE\\s+LIVELINESS\\s+PARTITION\\s+SIZE\\s+IMAGE\\s+IPS\\ncli-a-${suffix}\\s+${ids[0]}\\s+Phoned Home\\s+Alive\\s+lab\\s+c1-large-x86\\s+ubuntu-24\\.04\\.\\d+\\s+10\\.`));

  const timeout = await metal(olivia, ["machine", "wait", ids[0], "--for", "Waiting", "--timeout", "2s"]);
  expect(timeout.code).toBe(1);
  expect(timeout.stderr).toContain(`error: timed out after 2 s waiting for "Waiting": cli-a-${suffix} (Phoned Home)`);

  const wide = await metal(olivia, ["machine", "ls", "-o", "wide", "--sort-by", "hostname"]);
  expect(wide.stdout.split("\n")[0]).toMatch(/^HOSTNAME\s+ID\s+STATE.*\s+PROJECT\s+RACK\s+CONDITION\s+NAME\s+TAGS\s+LAST EVENT TIME\s+LAST ERROR$/);
  expect(wide.stdout).toMatch(new RegExp(`cli-a-${suffix}.*${projectId}.*AVAILABLE.*cli`));
  const sorted = await metal(olivia, ["machine", "ls", "--no-headers", "--sort-by", ".allocation.hostname", "-o", "template={{.allocation.hostname}}"]);
  expect(sorted.stdout).toBe(`cli-a-${suffix}\ncli-b-${suffix}\n`);
  const reversed = await metal(olivia, ["machine", "ls", "-o", 'jsonpath={range .items[*]}{.allocation.hostname}{"\\n"}{end}', "--sort-by", "id"]);
  expect(reversed.stdout.trim().split("\n").sort()).toEqual([`cli-a-${suffix}`, `cli-b-${suffix}`]);
  const json = JSON.parse((await metal(olivia, ["machine", "ls", "-o", "json"])).stdout) as { items: Machine[]; nextCursor: null };
  expect(json.items.every((m) => m.state === "Phoned Home" && m.allocation?.projectId === projectId)).toBe(true);
  expect(json.nextCursor).toBeNull();
  const yaml = YAML.parse((await metal(olivia, ["machine", "describe", ids[0]])).stdout) as Machine;
  expect(yaml).toMatchObject({ id: ids[0], state: "Phoned Home", allocation: { hostname: `cli-a-${suffix}` } });
  const ssh = (await metal(olivia, ["machine", "describe", ids[1], "-o", "jsonpath={.allocation.networks[0].addresses[0]}"])).stdout.trim();
  expect(ssh).toMatch(/^10\.\d+\.\d+\.\d+$/);
  const events = await metal(olivia, ["machine", "events", ids[0]]);
  expect(events.stdout).toMatch(/^TIME\s+EVENT\s+MESSAGE\n\S+\s+Phoned Home/);
  expect(events.stdout).toContain("Installing");

  const reinstall = await metal(olivia, ["machine", "reinstall", ids[1], "--image", "debian-12", "-o", "template={{.allocation.imageId}}"]);
  expect(reinstall.code, reinstall.stderr).toBe(0);
  expect(reinstall.stdout).toMatch(/^debian-12\.0\.\d+\n$/);
  const again = await metal(olivia, ["machine", "wait", ids[1], "--timeout", "90s", "-o", "template={{.state}} {{.allocation.imageId}}"]);
  expect(again.code, again.stderr).toBe(0);
  expect(again.stdout).toMatch(/^Phoned Home debian-12\.0\.\d+\n$/);

  const boot = await metal(olivia, ["machine", "boot", "disk", ids[0], "-o", "template={{.command}} {{.persistent}} {{.status}}"]);
  expect(boot.stdout).toBe("boot-disk false queued\n");
  expect((await metal(olivia, ["machine", "power", "on", ids[0], "-o", "template={{.command}}"])).stdout).toBe("power-on\n");
  const identify = await metal(olivia, ["machine", "identify", "on", ids[0], "-o", "json"]);
  expect(identify.code, identify.stderr).toBe(0);
  expect(JSON.parse(identify.stdout).items).toEqual([expect.objectContaining({ command: "identify-on", status: "queued" })]);
  expect((await metal(olivia, ["machine", "commands", ids[0], "-o", "template={{.command}}"])).stdout).toContain("identify-on\n");
});

test("a foreign tenant gets nothing; a network in use is a conflict (exit 4); rm frees the machines and they return to the pool", async () => {
  const ids = machines.map((m) => m.id);
  const gwen = cliUser(await tokenFor("gwen@globex.example"));
  expect((await metal(gwen, ["machine", "describe", ids[0]])).code).toBe(3);
  expect(JSON.parse((await metal(gwen, ["machine", "ls", "-A", "-o", "json"])).stdout).items.map((m: Machine) => m.id)).not.toContain(ids[0]);
  expect((await metal(gwen, ["machine", "rm", ids[0]])).code).toBe(3);
  expect((await metal(gwen, ["network", "describe", networkId])).code).toBe(3);

  const inUse = await metal(olivia, ["network", "rm", networkId]);
  expect(inUse.code).toBe(4);
  expect(inUse.stderr).toContain("Conflict (409");

  const freed = await metal(olivia, ["machine", "rm", ...ids, "-o", "json"]);
  expect(freed.code, freed.stderr).toBe(0);
  expect(JSON.parse(freed.stdout).items.map((m: Machine) => m.allocation)).toEqual([null, null]);
  // An operator sees free machines: both wiped and Waiting again, for the specs that follow.
  const operator = cliUser(await tokenFor("admin"));
  const back = await metal(operator, ["machine", "wait", ...ids, "--for", "Waiting", "--timeout", "60s"]);
  expect(back.code, back.stderr).toBe(0);
  expect((await metal(olivia, ["network", "rm", networkId])).code).toBe(0);
  expect((await metal(olivia, ["project", "rm", projectId])).code).toBe(0);
});
