import { createHash } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import type { DesiredSwitchDto, SwitchStatusInput } from "@/lib/contracts/switches";
import { portPlan } from "@/lib/domain/fabric/render-ports";
import { defaultVrfName, renderLeafFrr } from "@/lib/domain/fabric/render-leaf";
import { sleep, type Logger } from "../machine/log";
import { parseBgpNeighbours } from "./bgp";
import { SwitchClient } from "./client";
import type { SwitchAgentConfig } from "./config";
import { type ApplyTimings, applyFrrConfig, type FrrInstance, revertToPrevious, vtysh, vtyshConfigure } from "./frr";
import { type Link, listLinks, setAdminState } from "./links";
import { createNetnsVrfs, listPlacedLinks, type NetnsVrfHost, placePortsAndPruneVrfs, reimportL3vnis, type RmacRepair, repairRmacs, staleVrfs } from "./netns-vrf";
import { withReceivedCounts } from "./bgp-received";

export const SWITCH_AGENT_VERSION = "0.1.0";

/**
 * The switch agent (FABRIC §2, §5): register, then reconcile — at once when the desired state
 * changes (long poll) and at least every interval — and report. One cycle: render → apply FRR
 * (hash, vtysh delta or validate + backup + frr-reload, restore on failure) → port admin states (after FRR,
 * metal-core#202) → read ports and BGP → report. If the control plane is unreachable nothing is
 * touched: the last good config keeps running. Failures are retried with backoff.
 */
/**
 * `restartFrr`: the lab's FRR 8.4 with the netns VRF backend (netns-vrf.ts) handles a VRF
 * namespace, or a port moved into one, that appears while it runs only partly (no router
 * advertisements there, so BGP unnumbered sessions stay Idle; a restarted zebra alone leaves
 * bgpd's redistribution unregistered), so the lab restarts the leaf's FRR from the applied
 * frr.conf after the agent created a VRF, or moved a port into one with frr-reload.py — the
 * leaf's sessions flap for a few seconds. A port moved into a known VRF with the vtysh delta
 * needs no restart. And zebra aborts when a VRF namespace is deleted under it (an assertion in
 * `if_delete_update`, every time in the lab), so a VRF is removed while FRR is stopped: the hook
 * runs `whileStopped` between stopping and starting the daemons. A switch OS with VRF devices
 * needs nothing of the kind.
 */
export type RestartFrr = (whileStopped?: () => Promise<void>) => Promise<void>;
export type SwitchAgentDeps = { signal: AbortSignal; log: Logger; onCycle?: (c: CycleResult) => void; restartFrr?: RestartFrr };
/**
 * `timeline`: wall-clock times (ms since the epoch, so a benchmark can line them up with the
 * control plane's commits) of one cycle's steps; a step that did not happen is absent.
 */
export type CycleTimeline = { woke: number; rendered?: number; applyStart?: number; applyEnd?: number; portsPlaced?: number; restartStart?: number; restartEnd?: number; done?: number };
export type CycleResult = { version: string; changed: boolean; error: string | null; durationMs: number; timings?: ApplyTimings; timeline?: CycleTimeline };

const MAX_BACKOFF_MS = 60_000;

export async function discoverPorts(cfg: SwitchAgentConfig): Promise<Link[]> {
  const pattern = new RegExp(cfg.portPattern);
  // Netns VRF backend: tenant ports live in their VRF's namespace, still ports of this switch.
  const links = cfg.netns && cfg.netnsVrfDir ? await listPlacedLinks({ leafNetns: cfg.netns, netnsDir: cfg.netnsVrfDir, vtepIp: cfg.routerId }) : await listLinks(cfg.netns);
  return links.filter((l) => pattern.test(l.name));
}

async function register(client: SwitchClient, cfg: SwitchAgentConfig): Promise<void> {
  // A known switch re-registers with its own credential; the boot credential is for new ones.
  const kept = cfg.credentialFile ? (await readFile(cfg.credentialFile, "utf8").catch(() => "")).trim() : "";
  if (kept) client.credential = kept;
  const ports = await discoverPorts(cfg);
  const res = await client.register({
    id: cfg.id, rack: cfg.rack, os: { vendor: cfg.osVendor, version: cfg.osVersion }, agentVersion: SWITCH_AGENT_VERSION,
    managementAddress: cfg.managementAddress, managementInterface: cfg.managementInterface, asn: cfg.asn, routerId: cfg.routerId,
    ports: ports.map((p) => ({ name: p.name, mac: p.mac, uplink: cfg.uplinks.includes(p.name) })),
  });
  client.credential = res.credential;
  if (cfg.credentialFile) await writeFile(cfg.credentialFile, `${res.credential}\n`, { mode: 0o600 });
}

/**
 * The router MAC of each remote VTEP of an L3VNI: zebra's EVPN next hops, completed from bgpd's
 * type-5 routes (their `Rmac:` extended community, route target `…:<VNI>`) when zebra lost them too.
 */
const evpnNextHops = (frr: FrrInstance) => async (vni: number) => {
  const hops = JSON.parse(await vtysh(frr, `show evpn next-hops vni ${vni} json`)) as Record<string, { nexthopIp?: string; routerMac?: string } | number>;
  const out = new Map(Object.values(hops).flatMap((h) => (typeof h === "object" && h.nexthopIp && h.routerMac ? [[h.nexthopIp, h.routerMac] as [string, string]] : [])));
  const routes = JSON.parse(await vtysh(frr, "show bgp l2vpn evpn route type prefix json").catch(() => "{}")) as unknown;
  for (const [vtep, rmac] of rmacsFromEvpnRoutes(routes, vni)) if (!out.has(vtep)) out.set(vtep, rmac);
  return out;
};

/** Every path object in bgpd's EVPN route JSON whose extended communities name the VNI's route target and a router MAC. */
export function rmacsFromEvpnRoutes(json: unknown, vni: number): Map<string, string> {
  const out = new Map<string, string>();
  const rt = new RegExp(`RT:\\S+:${vni}(\\s|$)`);
  const walk = (x: unknown) => {
    if (Array.isArray(x)) return x.forEach(walk);
    if (!x || typeof x !== "object") return;
    const o = x as { extendedCommunity?: { string?: string }; nexthops?: { ip?: string }[] };
    const ec = o.extendedCommunity?.string ?? "";
    const rmac = /Rmac:([0-9a-f:]{17})/i.exec(ec)?.[1];
    const ip = o.nexthops?.[0]?.ip;
    if (rmac && ip && rt.test(ec)) out.set(ip, rmac);
    for (const v of Object.values(x)) walk(v);
  };
  walk(json);
  return out;
}

function describeRepair(r: RmacRepair): string {
  const vteps = r.vteps?.length ? ` (VTEP ${r.vteps.join(", ")}${r.unknown?.length ? `; no MAC known for ${r.unknown.join(", ")}` : ""})` : "";
  return `L3VNI ${r.vni} ${r.how}${vteps}`;
}

/** FRR instances whose next apply goes through frr-reload.py: a delta's interface part failed. */
const reloadNext = new WeakSet<FrrInstance>();

/** One reconcile: everything but the control plane's answer is local. */
const l3vniUp = (frr: FrrInstance) => async (vni: number) => (JSON.parse(await vtysh(frr, `show evpn vni ${vni} json`)) as { state?: string }).state === "Up";

export async function reconcile(cfg: SwitchAgentConfig, frr: FrrInstance, desired: DesiredSwitchDto, restartFrr?: RestartFrr, onRepair?: (what: string) => void, woke = Date.now()): Promise<{ result: CycleResult; report: SwitchStatusInput }> {
  const t0 = performance.now();
  const timeline: CycleTimeline = { woke };
  const vrfName = (vni: number) => (cfg.vrfPrefix ? `${cfg.vrfPrefix}${defaultVrfName(vni)}` : defaultVrfName(vni));
  const netnsVrf: NetnsVrfHost | null = cfg.netns && cfg.netnsVrfDir ? { leafNetns: cfg.netns, netnsDir: cfg.netnsVrfDir, vtepIp: cfg.routerId } : null;
  const config = renderLeafFrr(desired.state, { vrfName, fastConvergence: cfg.fastConvergence, netnsVrf: netnsVrf !== null, ...(cfg.fastConvergence ? { raIntervalSeconds: 1 } : {}) });
  timeline.rendered = Date.now();
  let created = false;
  let createError: string | null = null;
  if (netnsVrf) {
    created = await createNetnsVrfs(netnsVrf, desired.state, vrfName).catch((err: Error) => {
      createError = `creating the VRF namespaces failed: ${err.message}`;
      return false;
    });
  }
  timeline.applyStart = Date.now();
  const isPort = (n: string) => new RegExp(cfg.portPattern).test(n);
  // Removing a VRF (netns backend, lab): zebra aborts on a live reload that moves the VRF's ports
  // back, and on the VRF's namespace deleted under it (both seen in every lab run) — so the new
  // config goes in by a restart, the ports placed and the VRFs pruned while FRR is down.
  const removing = netnsVrf && restartFrr && !createError ? (await staleVrfs(netnsVrf, desired.state, vrfName)).length > 0 : false;
  const restart = removing && netnsVrf && restartFrr ? () => restartFrr(() => placePortsAndPruneVrfs(netnsVrf, desired.state, vrfName, isPort).then(() => {})) : undefined;
  const applied0 = createError
    ? { changed: false, error: createError as string | null, timings: undefined }
    : await applyFrrConfig(frr, config, { delta: cfg.deltaApply && !reloadNext.has(frr), restart }).catch((err: Error) => ({ changed: false, error: `applying the FRR config failed: ${err.message}`, timings: undefined, after: undefined, fallback: undefined }));
  timeline.applyEnd = Date.now();
  if (applied0.error === null) reloadNext.delete(frr);
  // A leaf's FRR runs under watchfrr, which restarts a crashed daemon; the lab's leaves have none:
  // the lab's restart hook stands in for watchfrr, the next cycle applies again.
  if (applied0.error?.startsWith("FRR is not running") && netnsVrf && restartFrr) {
    await restartFrr().then(() => onRepair?.("FRR was down: restarted it from the last applied frr.conf (the lab's watchfrr)"), () => {});
  }
  let { changed, error } = applied0;
  if (applied0.fallback) onRepair?.(`applied with frr-reload.py: ${applied0.fallback}`);
  changed ||= created;
  const readLinks = async (): Promise<(Link & { netns?: string })[]> => (netnsVrf ? listPlacedLinks(netnsVrf) : listLinks(cfg.netns));
  let links = await readLinks();
  if (error === null) {
    // Ports (their VRF, their admin state) only once FRR holds the config they belong to.
    try {
      if (netnsVrf) {
        const placed = await placePortsAndPruneVrfs(netnsVrf, desired.state, vrfName, isPort, restartFrr);
        if (placed.changed) timeline.portsPlaced = Date.now();
        // FRR restarted with a new VRF configured and present handles it. A port moved into a
        // VRF that FRR already knew, its config applied as a vtysh delta, needs nothing more
        // (measured: the session is up < 1 s after the move). After frr-reload.py it does: that
        // port's session stayed Idle in the lab (frr-reload.py deletes and re-adds the port's
        // interface stanza around the move), so a reload keeps the restart.
        // Removing a VRF already restarted FRR, after the ports were placed: that covers both.
        const restarted = placed.restarted || applied0.timings?.how === "restart";
        // Not a delta: frr-reload.py, or nothing applied this cycle (a port left unplaced by an earlier one).
        const reloaded = applied0.timings?.how !== "delta";
        if ((created || (placed.intoVrf && reloaded)) && restartFrr && !restarted) {
          timeline.restartStart = Date.now();
          await restartFrr();
          timeline.restartEnd = Date.now();
        }
        if (restarted || timeline.restartEnd) await reimportL3vnis(netnsVrf, desired.state, vrfName, l3vniUp(frr));
        if (placed.changed) {
          changed = true;
          links = await readLinks();
        }
      }
      // The interface stanzas of a delta, once their ports are where they belong (frr-delta.ts).
      const after = await vtyshConfigure(frr, applied0.after ?? []);
      if (!after.ok) {
        await revertToPrevious(frr);
        reloadNext.add(frr);
        throw new Error(`the interface part of the FRR delta failed (frr-reload.py applies the config next): ${after.output}`);
      }
      const byName = new Map(links.map((l) => [l.name, l]));
      for (const p of portPlan(desired.state, vrfName)) {
        const link = byName.get(p.name);
        if (link && link.adminUp !== (p.adminState === "up")) {
          await setAdminState(link.netns ?? cfg.netns, p.name, p.adminState);
          changed = true;
        }
      }
    } catch (err) {
      error = (err as Error).message;
    }
    if (changed) links = await readLinks();
    if (netnsVrf && error === null) {
      // A repair, not a change of the applied state: not counted as one.
      const repaired = await repairRmacs(netnsVrf, desired.state, vrfName, l3vniUp(frr), restartFrr, evpnNextHops(frr)).catch(() => []);
      if (repaired.length) onRepair?.(`remote router MACs were missing: ${repaired.map(describeRepair).join(", ")}`);
    }
  }
  const sessions = await vtysh(frr, "show bgp vrf all neighbors json").then((out) => parseBgpNeighbours(out), () => []);
  const bgp = await withReceivedCounts(frr, sessions);
  const ports = new Set(desired.state.ports.map((p) => p.name));
  const durationMs = Math.round(performance.now() - t0);
  const applied = error === null ? desired.version : null;
  timeline.done = Date.now();
  return {
    result: { version: desired.version, changed, error, durationMs, timings: applied0.timings, timeline },
    report: {
      sync: { durationMs, error, version: applied },
      ports: links.filter((l) => ports.has(l.name)).map((l) => ({ name: l.name, operState: l.operState })),
      bgp,
    },
  };
}

export async function runSwitchAgent(cfg: SwitchAgentConfig, frr: FrrInstance, deps: SwitchAgentDeps): Promise<void> {
  const { signal, log } = deps;
  const client = new SwitchClient(cfg.apiUrl, cfg.bootCredential, signal);
  let backoff = 1000;
  const retry = async (what: string, err: unknown) => {
    if (signal.aborted) return;
    log("warn", `${what}: ${(err as Error).message}; retrying in ${Math.round(backoff / 1000)} s`);
    await sleep(backoff, signal);
    backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
  };
  while (!signal.aborted) {
    try {
      await register(client, cfg);
      log("info", `registered ${cfg.id}`);
      backoff = 1000;
      break;
    } catch (err) {
      await retry("registration failed", err);
    }
  }
  let known: string | null = null;
  let lastConfigHash = "";
  let nextFullCycle = 0;
  let woke = Date.now();
  while (!signal.aborted) {
    let desired: DesiredSwitchDto;
    try {
      // Wait for a change, at most until the next periodic reconcile is due.
      const wait = known === null ? 0 : Math.max(0, Math.min(30, Math.ceil((nextFullCycle - Date.now()) / 1000)));
      desired = await client.desired(cfg.id, known, wait);
      woke = Date.now();
    } catch (err) {
      await retry("fetching the desired state failed (the running config stays)", err);
      continue;
    }
    if (signal.aborted) break;
    let cycle: Awaited<ReturnType<typeof reconcile>>;
    try {
      cycle = await reconcile(cfg, frr, desired, deps.restartFrr, (what) => log("warn", what), woke);
    } catch (err) {
      // The switch itself failed us (ip, vtysh): nothing is reported that was not read; retry.
      known = null;
      await retry("reconciling failed", err);
      continue;
    }
    const { result, report } = cycle;
    deps.onCycle?.(result);
    const hash = createHash("sha256").update(JSON.stringify(report.sync.error)).digest("hex");
    if (result.changed || hash !== lastConfigHash) log(result.error ? "error" : "info", result.error ? `sync failed: ${result.error}` : `synced version ${result.version}${result.changed ? " (changed)" : ""} in ${result.durationMs} ms`);
    lastConfigHash = hash;
    try {
      await client.status(cfg.id, report);
    } catch (err) {
      await retry("reporting the status failed", err);
      continue;
    }
    nextFullCycle = Date.now() + cfg.intervalSeconds * 1000;
    if (result.error) {
      // FRR down or a config it refuses: the same desired state is retried after a backoff.
      known = null;
      await retry("sync failed", new Error(result.error.split("\n")[0]));
    } else {
      known = result.version;
      backoff = 1000;
    }
  }
}
