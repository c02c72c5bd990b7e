import { createHash } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import type { DesiredSwitchDto, SwitchStatusInput } from "@/lib/contracts/switches";
import { portPlan } from "@/lib/domain/fabric/render-ports";
import { defaultVrfName, renderLeafFrr } from "@/lib/domain/fabric/render-leaf";
import { sleep, type Logger } from "../machine/log";
import { parseBgpNeighbours } from "./bgp";
import { SwitchClient } from "./client";
import type { SwitchAgentConfig } from "./config";
import { applyFrrConfig, type FrrInstance, vtysh } from "./frr";
import { type Link, listLinks, setAdminState } from "./links";
import { createNetnsVrfs, listPlacedLinks, type NetnsVrfHost, placePortsAndPruneVrfs, reimportL3vnis, repairRmacs } from "./netns-vrf";
import { withReceivedCounts } from "./bgp-received";

export const SWITCH_AGENT_VERSION = "0.1.0";

/**
 * The switch agent (FABRIC §2, §5): register, then reconcile — at once when the desired state
 * changes (long poll) and at least every interval — and report. One cycle: render → apply FRR
 * (hash, validate, backup, frr-reload, restore on failure) → port admin states (after FRR,
 * metal-core#202) → read ports and BGP → report. If the control plane is unreachable nothing is
 * touched: the last good config keeps running. Failures are retried with backoff.
 */
/**
 * `onVrfsCreated`: the lab's FRR 8.4 with the netns VRF backend (netns-vrf.ts) handles a VRF
 * namespace, or a port moved into one, that appears while it runs only partly (no router
 * advertisements there, so BGP unnumbered sessions stay Idle; a restarted zebra alone leaves
 * bgpd's redistribution unregistered), so the lab restarts the leaf's FRR from the applied
 * frr.conf after the agent created a VRF or moved a port into one — the leaf's sessions flap for
 * a few seconds. A switch OS with VRF devices needs nothing of the kind.
 */
export type SwitchAgentDeps = { signal: AbortSignal; log: Logger; onCycle?: (c: CycleResult) => void; onVrfsCreated?: () => Promise<void> };
export type CycleResult = { version: string; changed: boolean; error: string | null; durationMs: number; timings?: { validateMs: number; reloadMs: number } };

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

/** One reconcile: everything but the control plane's answer is local. */
const l3vniUp = (frr: FrrInstance) => async (vni: number) => (JSON.parse(await vtysh(frr, `show evpn vni ${vni} json`)) as { state?: string }).state === "Up";

export async function reconcile(cfg: SwitchAgentConfig, frr: FrrInstance, desired: DesiredSwitchDto, onVrfsCreated?: () => Promise<void>, onRepair?: (what: string) => void): Promise<{ result: CycleResult; report: SwitchStatusInput }> {
  const t0 = performance.now();
  const vrfName = (vni: number) => (cfg.vrfPrefix ? `${cfg.vrfPrefix}${defaultVrfName(vni)}` : defaultVrfName(vni));
  const netnsVrf: NetnsVrfHost | null = cfg.netns && cfg.netnsVrfDir ? { leafNetns: cfg.netns, netnsDir: cfg.netnsVrfDir, vtepIp: cfg.routerId } : null;
  const config = renderLeafFrr(desired.state, { vrfName, fastConvergence: cfg.fastConvergence, netnsVrf: netnsVrf !== null, ...(cfg.fastConvergence ? { raIntervalSeconds: 1 } : {}) });
  let created = false;
  let createError: string | null = null;
  if (netnsVrf) {
    created = await createNetnsVrfs(netnsVrf, desired.state, vrfName).catch((err: Error) => {
      createError = `creating the VRF namespaces failed: ${err.message}`;
      return false;
    });
  }
  const applied0 = createError
    ? { changed: false, error: createError as string | null, timings: undefined }
    : await applyFrrConfig(frr, config).catch((err: Error) => ({ changed: false, error: `applying the FRR config failed: ${err.message}`, timings: undefined }));
  let { changed, error } = applied0;
  changed ||= created;
  const readLinks = async (): Promise<(Link & { netns?: string })[]> => (netnsVrf ? listPlacedLinks(netnsVrf) : listLinks(cfg.netns));
  let links = await readLinks();
  if (error === null) {
    // Ports (their VRF, their admin state) only once FRR holds the config they belong to.
    try {
      const pattern = new RegExp(cfg.portPattern);
      if (netnsVrf) {
        const placed = await placePortsAndPruneVrfs(netnsVrf, desired.state, vrfName, (n) => pattern.test(n));
        // FRR restarted with the VRFs and their ports both configured and present handles them.
        if ((created || placed.intoVrf) && onVrfsCreated) {
          await onVrfsCreated();
          await reimportL3vnis(netnsVrf, desired.state, vrfName, l3vniUp(frr));
        }
        if (placed.changed) {
          changed = true;
          links = await readLinks();
        }
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
      const repaired = await repairRmacs(netnsVrf, desired.state, vrfName, l3vniUp(frr), onVrfsCreated).catch(() => []);
      if (repaired.length) onRepair?.(`re-imported the routes of L3VNI ${repaired.join(", ")}: remote router MACs were missing`);
    }
  }
  const sessions = await vtysh(frr, "show bgp vrf all neighbors json").then((out) => parseBgpNeighbours(out), () => []);
  const bgp = await withReceivedCounts(frr, sessions);
  const ports = new Set(desired.state.ports.map((p) => p.name));
  const durationMs = Math.round(performance.now() - t0);
  const applied = error === null ? desired.version : null;
  return {
    result: { version: desired.version, changed, error, durationMs, timings: applied0.timings },
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
  while (!signal.aborted) {
    let desired: DesiredSwitchDto;
    try {
      // Wait for a change, at most until the next periodic reconcile is due.
      const wait = known === null ? 0 : Math.max(0, Math.min(30, Math.ceil((nextFullCycle - Date.now()) / 1000)));
      desired = await client.desired(cfg.id, known, wait);
    } catch (err) {
      await retry("fetching the desired state failed (the running config stays)", err);
      continue;
    }
    if (signal.aborted) break;
    let cycle: Awaited<ReturnType<typeof reconcile>>;
    try {
      cycle = await reconcile(cfg, frr, desired, deps.onVrfsCreated, (what) => log("warn", what));
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
