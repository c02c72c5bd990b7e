import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as registerMachineRoute from "@/app/api/boot/register/route";
import * as eventsRoute from "@/app/api/boot/machines/[id]/events/route";
import * as registerRoute from "@/app/api/boot/switches/register/route";
import * as desiredRoute from "@/app/api/boot/switches/[id]/desired/route";
import * as statusRoute from "@/app/api/boot/switches/[id]/status/route";
import type { Actor } from "@/lib/auth/principal";
import type { Database } from "@/lib/db/client";
import { auditEntries, machineAllocations, machines } from "@/lib/db/schema";
import { freshDatabase, testEngines } from "@/lib/test/databases";
import { makeProject, makeTenant, makeUser, operator } from "@/lib/test/fixtures";
import { createPartition } from "../catalog/partitions";
import { partitionInput } from "../catalog/test-support";
import { acquireIp } from "../networks/ips";
import { createNetwork } from "../networks/networks";
import { call, machineUuid, registration } from "../machines/agent-test-support";
import { createBootCredential } from "../machines/boot-credentials";
import { notifyMachineChanged } from "../machines/notify";
import { leafRegistration } from "./test-support";

describe.each(testEngines())("switches on %s", (engine) => {
  let database: Database;
  let cleanup: () => Promise<void>;
  let boot: string;
  let otherBoot: string;
  let projectId: string;
  let owner: Actor;
  let stranger: Actor;
  let net: { id: string; vrf: number | null };
  const creds: Record<string, string> = {};

  const registerSwitch = (token: string, body: unknown) => call(registerRoute.POST, { path: "/api/boot/switches/register", token, body });
  const desired = (token: string, id: string, q = "") => call(desiredRoute.GET, { path: `/api/boot/switches/${id}/desired${q}`, token, params: { id } });
  const status = (token: string, id: string, body: unknown) => call(statusRoute.POST, { path: `/api/boot/switches/${id}/status`, token, params: { id }, body });
  const registerMachine = async (nics?: { name: string; mac: string; neighbours: { switchName: string; port: string }[] }[]) => {
    const id = machineUuid();
    const body = registration(id);
    if (nics) body.hardware.nics = nics;
    const res = await call(registerMachineRoute.POST, { path: "/api/boot/register", token: boot, body });
    expect(res.status).toBe(200);
    return { id, credential: res.body.credential as string };
  };
  const cabled = (port: string, a = "r01leaf01", b = "r01leaf02", portB = port) => [
    { name: "lan0", mac: "52:54:00:aa:00:01", neighbours: [{ switchName: a, port }] },
    { name: "lan1", mac: "52:54:00:aa:00:02", neighbours: [{ switchName: b, port: portB }] },
  ];
  const allocate = async (machineId: string, succeeded: boolean) => {
    await database.db.transaction(async (t) => {
      await t.delete(machineAllocations).where(eq(machineAllocations.machineId, machineId));
      await t.insert(machineAllocations).values({ machineId, projectId, hostname: "web-1", imageId: "img", filesystemLayoutId: "default", asn: 4210000001, succeeded,
        networks: [{ networkId: net.id, ipIds: [], addresses: ["10.0.0.5"], vrf: net.vrf, primary: true }] });
      await t.update(machines).set({ projectId }).where(eq(machines.id, machineId));
      await notifyMachineChanged(t, machineId);
    });
  };
  const free = async (machineId: string) => database.db.transaction(async (t) => {
    await t.delete(machineAllocations).where(eq(machineAllocations.machineId, machineId));
    await t.update(machines).set({ projectId: null }).where(eq(machines.id, machineId));
    await notifyMachineChanged(t, machineId);
  });

  beforeAll(async () => {
    ({ database, cleanup } = await freshDatabase(engine));
    await createPartition(operator, partitionInput("fra1"));
    await createPartition(operator, partitionInput("ams1"));
    boot = (await createBootCredential(operator, "fra1", { description: "t" })).secret;
    otherBoot = (await createBootCredential(operator, "ams1", { description: "t" })).secret;
    // Image and layout rows the allocation rows point at.
    await database.db.execute(`insert into images (id, os, version, url, sha256, features) values ('img', 'ubuntu', '24.4.0', 'http://x', '${"0".repeat(64)}', '["machine"]')` as never);
    await database.db.execute(`insert into filesystem_layouts (id, spec, constraints) values ('default', '{}', '{}')` as never);
    const acme = await makeTenant("acme");
    projectId = (await makeProject(acme.id, "web")).id;
    owner = await makeUser("owner@acme", ["acme-owners"]);
    stranger = await makeUser("someone@else", ["other-owners"]);
    await createNetwork(operator, { kind: "super", name: "t", partitionId: "fra1", prefixes: ["10.0.0.0/16"], description: "", destinationPrefixes: [], defaultChildPrefixLength: { ipv4: 22 }, minChildPrefixLength: { ipv4: 20 }, nat: "none", allowedProjectIds: null, labels: {} });
    net = await createNetwork(owner, { kind: "private", projectId, partitionId: "fra1", name: "net", description: "", labels: {} });
    await createNetwork(operator, { kind: "external", name: "internet", partitionId: "fra1", prefixes: ["185.1.2.0/24"], description: "", destinationPrefixes: ["0.0.0.0/0"], defaultChildPrefixLength: {}, minChildPrefixLength: {}, nat: "none", allowedProjectIds: null, labels: {}, vrf: 104009 } as never).then(async (ext) => {
      await acquireIp(owner, { networkId: (ext as { id: string }).id, projectId, kind: "static", name: "", description: "", tags: [] });
    });
  });
  afterAll(async () => cleanup?.());

  it("a machine registered before its leaves is connected once they register (connections from LLDP)", async () => {
    const m = await registerMachine(cabled("Ethernet3"));
    for (const id of ["r01leaf01", "r01leaf02"]) {
      const res = await registerSwitch(boot, leafRegistration(id, "r01"));
      expect(res.status).toBe(200);
      expect(res.body.credential).toMatch(/^msc_/);
      creds[id] = res.body.credential;
    }
    const d = await desired(creds.r01leaf01, "r01leaf01", "?timeoutSeconds=0");
    expect(d.status).toBe(200);
    expect(d.body.state.ports.find((p: { name: string }) => p.name === "Ethernet3")).toMatchObject({ role: "unprovisioned", machineId: m.id });
  });

  it("miscabled machines get an issue and are not allocatable; re-registration fixes it", async () => {
    const m = await registerMachine(cabled("Ethernet4", "r01leaf01", "r01leaf02", "Ethernet5"));
    const [row] = await database.db.select({ issue: machines.cablingIssue }).from(machines).where(eq(machines.id, m.id));
    expect(row.issue).toMatch(/not mirrored/);
    const { listMachines } = await import("../machines/machines");
    const miscabled = async () => (await listMachines(operator, { limit: 50, issue: "cabling" })).items.map((x) => x.id);
    expect(await miscabled()).toContain(m.id);
    const again = registration(m.id);
    again.hardware.nics = cabled("Ethernet4");
    expect((await call(registerMachineRoute.POST, { path: "/api/boot/register", token: m.credential, body: again })).status).toBe(200);
    const [fixed] = await database.db.select({ issue: machines.cablingIssue }).from(machines).where(eq(machines.id, m.id));
    expect(fixed.issue).toBeNull();
    expect(await miscabled()).not.toContain(m.id);
  });

  it("desired state follows the lifecycle and the long poll wakes on the install report", async () => {
    const m = await registerMachine(cabled("Ethernet6"));
    const first = await desired(creds.r01leaf02, "r01leaf02", "?timeoutSeconds=0");
    await allocate(m.id, false);
    const stillPxe = await desired(creds.r01leaf02, "r01leaf02", "?timeoutSeconds=0");
    expect(stillPxe.body.state.ports.find((p: { name: string }) => p.name === "Ethernet6").role).toBe("unprovisioned");
    const polling = desired(creds.r01leaf02, "r01leaf02", `?timeoutSeconds=20&known=${stillPxe.body.version}`);
    const t0 = Date.now();
    await database.db.transaction(async (t) => {
      await t.update(machineAllocations).set({ succeeded: true }).where(eq(machineAllocations.machineId, m.id));
      await notifyMachineChanged(t, m.id);
    });
    const woke = await polling;
    expect(Date.now() - t0).toBeLessThan(10_000);
    expect(woke.body.version).not.toBe(first.body.version);
    const port = woke.body.state.ports.find((p: { name: string }) => p.name === "Ethernet6");
    expect(port).toMatchObject({ role: "tenant", vni: net.vrf });
    const vrf = woke.body.state.vrfs.find((v: { vni: number }) => v.vni === net.vrf);
    expect(vrf.vlan).toBe(1001);
    expect(vrf.prefixes.ipv4).toEqual(expect.arrayContaining([expect.stringMatching(/^10\.0\./), expect.stringMatching(/^185\.1\.2\.\d+\/32$/)]));
    await free(m.id);
    const freed = await desired(creds.r01leaf02, "r01leaf02", "?timeoutSeconds=0");
    expect(freed.body.state.ports.find((p: { name: string }) => p.name === "Ethernet6").role).toBe("unprovisioned");
    expect(freed.body.state.vrfs).toEqual([]);
  });

  it("status reports: unknown ports are a 422, a sync error is an issue, BGP sessions reach the uplinks", async () => {
    const bad = await status(creds.r01leaf01, "r01leaf01", { sync: { durationMs: 5, error: null }, ports: [{ name: "Ethernet99", operState: "up" }] });
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0].field).toBe("body.ports");
    const failed = await status(creds.r01leaf01, "r01leaf01", { sync: { durationMs: 40, error: "frr-reload.py failed: line 3" }, ports: [{ name: "Ethernet3", operState: "down" }] });
    expect(failed.status).toBe(200);
    const { listSwitches, getSwitch } = await import("./switches");
    const leaf = (await listSwitches(operator, {})).items.find((s) => s.id === "r01leaf01")!;
    expect(leaf.issues).toEqual(["syncFailed"]);
    expect(leaf.lastError?.message).toMatch(/frr-reload/);
    const ok = await status(creds.r01leaf01, "r01leaf01", { sync: { durationMs: 30, error: null }, ports: [{ name: "Ethernet3", operState: "up" }],
      bgp: [{ neighbour: "Ethernet3", peerGroup: "MACHINE", vrf: "vrf1", state: "Established", establishedSince: new Date().toISOString(), prefixesReceived: 2, prefixesAccepted: 1 }] });
    expect(ok.status).toBe(200);
    expect((await getSwitch(operator, "r01leaf01")).issues).toEqual([]);
    const port = (await getSwitch(operator, "r01leaf01")).ports.find((p) => p.name === "Ethernet3")!;
    expect(port).toMatchObject({ operState: "up", bgp: { state: "Established", prefixesAccepted: 1 } });
  });

  it("credentials: a switch credential speaks for its switch only; known switches need their own credential; partitions are kept apart", async () => {
    expect((await desired(creds.r01leaf01, "r01leaf02", "?timeoutSeconds=0")).status).toBe(403);
    expect((await desired(boot, "r01leaf01", "?timeoutSeconds=0")).status).toBe(403);
    const m = await registerMachine(cabled("Ethernet7"));
    const asMachine = await call(eventsRoute.POST, { path: `/api/boot/machines/${m.id}/events`, token: creds.r01leaf01, params: { id: m.id }, body: { event: "Alive" } });
    expect(asMachine.status).toBe(403);
    expect((await registerSwitch(boot, leafRegistration("r01leaf01", "r01"))).body.code).toBe("switch_registered");
    expect((await registerSwitch(otherBoot, leafRegistration("r01leaf01", "r01"))).status).toBe(409);
    const dupMac = leafRegistration("r09leaf01", "r09");
    dupMac.ports[1].mac = dupMac.ports[0].mac;
    const dup = await registerSwitch(boot, dupMac);
    expect(dup.status).toBe(422);
    expect(dup.body.errors[0].message).toMatch(/duplicate port MACs/);
    const extra = leafRegistration("r01leaf01", "r01", {}, 9);
    const unknown = await registerSwitch(creds.r01leaf01, extra);
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors[0].message).toMatch(/unknown ports Ethernet9/);
  });

  it("port admin state is the operator's (audited), applied through the desired state; tenants see no switches but their machines' uplinks", async () => {
    const { setPortAdminState, listSwitches } = await import("./switches");
    const { getMachineUplinks } = await import("./uplinks");
    await expect(setPortAdminState(owner, "r01leaf01", "Ethernet3", "down")).rejects.toMatchObject({ status: 403 });
    // Live: the change reaches operators' streams as a "switch" event, and no tenant's.
    const { openMachineStream } = await import("../machines/stream");
    const seen = { operator: [] as string[], owner: [] as string[] };
    const closeOps = await openMachineStream({ principal: operator.principal }, (e) => "switchId" in e && seen.operator.push(e.switchId), () => {});
    const closeOwner = await openMachineStream({ principal: owner.principal }, (e) => "switchId" in e && seen.owner.push(e.switchId), () => {});
    const port = await setPortAdminState(operator, "r01leaf01", "Ethernet3", "down");
    const deadline = Date.now() + 10_000;
    while (!seen.operator.includes("r01leaf01") && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    closeOps();
    closeOwner();
    expect(seen.operator).toContain("r01leaf01");
    expect(seen.owner).toEqual([]);
    expect(port.desiredAdminState).toBe("down");
    const d = await desired(creds.r01leaf01, "r01leaf01", "?timeoutSeconds=0");
    expect(d.body.state.ports.find((p: { name: string }) => p.name === "Ethernet3").adminState).toBe("down");
    const audit = await database.db.select().from(auditEntries).where(and(eq(auditEntries.action, "switch.port.update"), eq(auditEntries.targetId, "r01leaf01")));
    expect(audit[0].after).toEqual({ port: "Ethernet3", adminState: "down" });
    await expect(listSwitches(owner, {})).rejects.toMatchObject({ status: 403 });
    const m = await registerMachine(cabled("Ethernet8"));
    await allocate(m.id, true);
    const uplinks = await getMachineUplinks(owner, m.id);
    expect(uplinks.uplinks.map((u) => `${u.nic}:${u.switchId}/${u.port}`)).toEqual(["lan0:r01leaf01/Ethernet8", "lan1:r01leaf02/Ethernet8"]);
    await expect(getMachineUplinks(stranger, m.id)).rejects.toMatchObject({ status: 404 });
    // The leaf reports the installed machine's port down: an issue until it is up with BGP established.
    const { listMachines } = await import("../machines/machines");
    const uplinkDown = async () => (await listMachines(operator, { limit: 50, issue: "uplinkDown" })).items.map((x) => x.id);
    expect(await uplinkDown()).not.toContain(m.id);
    await status(creds.r01leaf02, "r01leaf02", { sync: { durationMs: 5, error: null }, ports: [{ name: "Ethernet8", operState: "down" }] });
    expect(await uplinkDown()).toContain(m.id);
    expect((await getMachineUplinks(owner, m.id)).uplinks.find((u) => u.switchId === "r01leaf02")?.operState).toBe("down");
  });

  it("replace mode: new hardware (SONiC → Cumulus names) takes over ports and connections; delete needs force while cabled", async () => {
    const { updateSwitch, deleteSwitch, getSwitch } = await import("./switches");
    await updateSwitch(operator, "r01leaf01", { mode: "replace" });
    const cumulus = leafRegistration("r01leaf01", "r01", { os: { vendor: "Cumulus", version: "5.9" } });
    // Ethernet4 → swp2, Ethernet8 → swp3: only ports that map (multiples of 4) carry over.
    cumulus.ports = [{ name: "swp2", mac: "0c:00:00:00:99:02", uplink: false }, { name: "swp3", mac: "0c:00:00:00:99:03", uplink: false }, { name: "swp31", mac: "0c:00:00:00:99:1f", uplink: true }];
    const res = await registerSwitch(boot, cumulus);
    expect(res.status).toBe(200);
    const after = await getSwitch(operator, "r01leaf01");
    expect(after.mode).toBe("operational");
    expect(after.ports.find((p) => p.name === "swp3")?.machineId).toBeTruthy();
    expect((await deleteSwitch(operator, "r01leaf01", false).catch((e) => e)).code).toBe("switch_connected");
    await deleteSwitch(operator, "r01leaf01", true);
    await expect(getSwitch(operator, "r01leaf01")).rejects.toMatchObject({ status: 404 });
  });
});
