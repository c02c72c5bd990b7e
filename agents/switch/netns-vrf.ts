import { existsSync, statSync } from "node:fs";
import { mkdir, readdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import type { DesiredSwitchState } from "@/lib/domain/fabric/types";
import { portPlan } from "@/lib/domain/fabric/render-ports";
import { run } from "./frr-validate";
import { type Link, listLinks } from "./links";

/**
 * Tenant VRFs as network namespaces: FRR's netns VRF backend, for a leaf on a kernel without VRF
 * devices (this lab's, FABRIC §8). Where a Cumulus/SONiC leaf gets `ifreload -a` on the rendered
 * interfaces file (VRF device, SVI, VXLAN device), this does the same with namespaces:
 *
 * - VRF `vrf<VNI>` is the namespace `<leaf netns>-vrf<VNI>`. The leaf's FRR runs in a mount
 *   namespace whose /run/netns is the leaf's private directory (`netnsDir`), where the VRF
 *   namespaces are bind-mounted under their plain VRF name: zebra -n then sees exactly this
 *   leaf's VRFs, named as the rendered config names them, and not the namespaces of the other
 *   leaves on the same host (with two leaves holding a VXLAN device of one VNI each, a shared
 *   view would bind the L3VNI to the wrong one).
 * - The L3VNI: a VXLAN device `vni<VNI>` created in the leaf's namespace (its UDP socket and
 *   underlay stay there, with the loopback as the VTEP address) and moved into the VRF namespace,
 *   enslaved to a bridge `br<VNI>` (the SVI whose MAC is the router MAC of EVPN type-5 routes).
 * - A tenant port is moved into its VRF's namespace, other ports live in the leaf's namespace.
 * Every step is idempotent, so a restarted agent finds its work done and changes nothing.
 */
export type NetnsVrfHost = { leafNetns: string; netnsDir: string; vtepIp: string };
export type PlacedLink = Link & { netns: string };

export const vrfNamespace = (h: NetnsVrfHost, vrf: string) => `${h.leafNetns}-${vrf}`;

async function ip(args: string[]): Promise<void> {
  const r = await run("ip", args);
  if (r.code !== 0) throw new Error(`ip ${args.join(" ")} failed: ${r.stderr.trim() || r.stdout.trim()}`);
}

/** The VRFs this leaf has now: the entries of its private netns directory that are namespaces. */
export async function currentVrfs(h: NetnsVrfHost): Promise<string[]> {
  const names = await readdir(h.netnsDir).catch(() => [] as string[]);
  return names.filter((n) => isMounted(h, n));
}

/** A bind-mounted namespace has another device than the directory holding it. */
function isMounted(h: NetnsVrfHost, vrf: string): boolean {
  try {
    return statSync(path.join(h.netnsDir, vrf)).dev !== statSync(h.netnsDir).dev;
  } catch {
    return false;
  }
}

async function vrfComplete(h: NetnsVrfHost, vrf: string, vni: number): Promise<boolean> {
  if (!isMounted(h, vrf)) return false;
  const links = await listLinks(vrfNamespace(h, vrf)).catch(() => []);
  return links.some((l) => l.name === `vni${vni}`) && links.some((l) => l.name === `br${vni}`);
}

async function createVrf(h: NetnsVrfHost, vrf: string, vni: number): Promise<void> {
  const ns = vrfNamespace(h, vrf);
  await removeVrf(h, vrf); // a half-made one from an interrupted run
  await ip(["netns", "add", ns]);
  await ip(["-n", ns, "link", "set", "lo", "up"]);
  // No IPv6 duplicate address detection on ports moved in: a port arrives without addresses and
  // its link-local (BGP unnumbered's) would stay tentative for ~1 s; a point-to-point link to one
  // machine has no one to collide with.
  const sysctl = await run("ip", ["netns", "exec", ns, "sysctl", "-qw", "net.ipv4.ip_forward=1", "net.ipv6.conf.all.forwarding=1", "net.ipv6.conf.all.accept_dad=0", "net.ipv6.conf.default.accept_dad=0"]);
  if (sysctl.code !== 0) throw new Error(`enabling forwarding in ${ns} failed: ${sysctl.stderr.trim()}`);
  // Created from the leaf's namespace (the UDP socket and the underlay stay there) straight into
  // the VRF's: the leaf's zebra never sees it in its default VRF (where it would set protodown).
  await ip(["-n", h.leafNetns, "link", "add", `vni${vni}`, "netns", ns, "type", "vxlan", "id", String(vni), "dstport", "4789", "local", h.vtepIp, "nolearning"]);
  await ip(["-n", ns, "link", "add", `br${vni}`, "type", "bridge", "stp_state", "0"]);
  await ip(["-n", ns, "link", "set", `vni${vni}`, "master", `br${vni}`]);
  await ip(["-n", ns, "link", "set", `br${vni}`, "up"]);
  await ip(["-n", ns, "link", "set", `vni${vni}`, "up"]);
  // Last: FRR sees the VRF once it appears in its directory, complete.
  await mkdir(h.netnsDir, { recursive: true });
  const target = path.join(h.netnsDir, vrf);
  await writeFile(target, "");
  const mounted = await run("mount", ["--bind", `/run/netns/${ns}`, target]);
  if (mounted.code !== 0) throw new Error(`mounting ${ns} into ${h.netnsDir} failed: ${mounted.stderr.trim()}`);
}

/** Ports still inside go back to the leaf first: a namespace takes its virtual devices with it when it goes. */
export async function removeVrf(h: NetnsVrfHost, vrf: string, keep: (name: string) => boolean = () => false): Promise<void> {
  const ns = vrfNamespace(h, vrf);
  if (existsSync(`/run/netns/${ns}`)) {
    for (const l of await listLinks(ns).catch(() => [])) {
      if (keep(l.name)) await ip(["-n", ns, "link", "set", "dev", l.name, "netns", h.leafNetns]);
    }
  }
  const target = path.join(h.netnsDir, vrf);
  if (isMounted(h, vrf)) await run("umount", [target]);
  await rm(target, { force: true });
  if (existsSync(`/run/netns/${ns}`)) await run("ip", ["netns", "del", ns]);
}

/** Every port of the switch, wherever it is now (the leaf's namespace or one of its VRFs'). */
export async function listPlacedLinks(h: NetnsVrfHost): Promise<PlacedLink[]> {
  const out: PlacedLink[] = (await listLinks(h.leafNetns)).map((l) => ({ ...l, netns: h.leafNetns }));
  for (const vrf of await currentVrfs(h)) {
    const ns = vrfNamespace(h, vrf);
    out.push(...(await listLinks(ns).catch(() => [])).map((l) => ({ ...l, netns: ns })));
  }
  return out;
}

/**
 * Before FRR's config names them: the desired VRFs' namespaces (with their L3VNI). FRR 8.4's
 * zebra sends no router advertisements into a netns VRF that its config named before the
 * namespace existed (BGP unnumbered then never learns the machine's address: sessions stay
 * Idle), so the namespace comes first — as on a Cumulus leaf, where ifreload creates the VRF
 * device before FRR is reloaded. Returns whether anything was created.
 */
export async function createNetnsVrfs(h: NetnsVrfHost, state: DesiredSwitchState, vrfName: (vni: number) => string): Promise<boolean> {
  let changed = false;
  for (const v of state.vrfs) {
    const vrf = vrfName(v.vni);
    if (await vrfComplete(h, vrf, v.vni)) continue;
    await createVrf(h, vrf, v.vni);
    changed = true;
  }
  return changed;
}

/** The VRFs this leaf has that the desired state no longer names. */
export async function staleVrfs(h: NetnsVrfHost, state: DesiredSwitchState, vrfName: (vni: number) => string): Promise<string[]> {
  const wanted = new Set(state.vrfs.map((v) => vrfName(v.vni)));
  return (await currentVrfs(h)).filter((vrf) => !wanted.has(vrf));
}

/**
 * After FRR holds the config (metal-core#202): ports into their VRF (or back into the leaf), and
 * VRFs no longer desired removed — with FRR stopped when `restartFrr` is given: FRR 8.4's zebra
 * aborts on a VRF namespace deleted under it (agent.ts). Returns whether anything changed and
 * whether FRR was restarted.
 */
export async function placePortsAndPruneVrfs(h: NetnsVrfHost, state: DesiredSwitchState, vrfName: (vni: number) => string, isPort: (name: string) => boolean, restartFrr?: (whileStopped: () => Promise<void>) => Promise<void>): Promise<{ changed: boolean; intoVrf: boolean; restarted: boolean }> {
  let changed = false;
  let intoVrf = false;
  const where = new Map((await listPlacedLinks(h)).map((l) => [l.name, l]));
  for (const p of portPlan(state, vrfName)) {
    const link = where.get(p.name);
    const target = p.vrf ? vrfNamespace(h, p.vrf) : h.leafNetns;
    if (!link || link.netns === target) continue;
    // A moved interface arrives down and without its settings; the admin state is set after this.
    await ip(["-n", link.netns, "link", "set", "dev", p.name, "netns", target]);
    await ip(["-n", target, "link", "set", "dev", p.name, p.adminState]);
    changed = true;
    intoVrf ||= p.vrf !== null;
  }
  const stale = await staleVrfs(h, state, vrfName);
  const prune = async () => {
    for (const vrf of stale) await removeVrf(h, vrf, isPort);
  };
  if (stale.length && restartFrr) await restartFrr(prune);
  else await prune();
  changed ||= stale.length > 0;
  for (const v of state.vrfs) changed = (await clearProtodown(h, vrfName(v.vni), v.vni)) || changed;
  return { changed, intoVrf, restarted: stale.length > 0 && restartFrr !== undefined };
}

/**
 * FRR 8.4's zebra sets protodown on a VXLAN device it sees in the leaf's namespace while it runs
 * and never clears it after the move: the L3VNI stays Down (no type-5 routes, no forwarding).
 * createVrf avoids that; a device of an older run may still carry it. Nothing else sets protodown here.
 */
async function clearProtodown(h: NetnsVrfHost, vrf: string, vni: number): Promise<boolean> {
  const ns = vrfNamespace(h, vrf);
  const r = await run("ip", ["-n", ns, "-j", "-d", "link", "show", "dev", `vni${vni}`]);
  if (r.code !== 0) return false;
  const [dev] = JSON.parse(r.stdout) as { proto_down?: boolean }[];
  if (!dev?.proto_down) return false;
  await ip(["-n", ns, "link", "set", "dev", `vni${vni}`, "protodown", "off"]);
  return true;
}

/**
 * After the lab restarted FRR for new VRFs: bgpd may import the other leaves' type-5 routes
 * before zebra has the L3VNI up, and zebra then installs them without the remote router MACs
 * (no neighbour/FDB entry: packets to those VTEPs are dropped, the route looks fine). Once
 * zebra reports each L3VNI up, a down/up of its VXLAN device makes bgpd withdraw and re-import
 * the VRF's routes, now with their router MACs.
 */
export async function reimportL3vnis(h: NetnsVrfHost, state: DesiredSwitchState, vrfName: (vni: number) => string, l3vniUp: (vni: number) => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (const v of state.vrfs) {
    while (!(await l3vniUp(v.vni).catch(() => false))) {
      if (Date.now() > deadline) throw new Error(`L3VNI ${v.vni} not up in FRR after ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const ns = vrfNamespace(h, vrfName(v.vni));
    await ip(["-n", ns, "link", "set", "dev", `vni${v.vni}`, "down"]);
    await ip(["-n", ns, "link", "set", "dev", `vni${v.vni}`, "up"]);
  }
}

const lastRepair = new Map<string, number>();
type Route = { dst: string; nexthops?: { gateway?: string; dev?: string }[]; gateway?: string; dev?: string };

/**
 * The VTEPs a VRF's routes point at (kernel: `via <vtep> dev br<VNI> onlink`; IPv6 routes via the
 * IPv4-mapped `::ffff:<vtep>`) without a router MAC neighbour entry of that family. Returned as
 * the plain IPv4 VTEP address.
 */
async function vtepsWithoutRmac(ns: string, vni: number): Promise<string[]> {
  const neigh = await run("ip", ["-n", ns, "-j", "neigh", "show", "dev", `br${vni}`]);
  if (neigh.code !== 0) return [];
  const known = new Set(((neigh.stdout.trim() ? JSON.parse(neigh.stdout) : []) as { dst: string; lladdr?: string }[]).filter((n) => n.lladdr).map((n) => n.dst));
  const missing = new Set<string>();
  for (const family of ["-4", "-6"]) {
    const routes = await run("ip", ["-n", ns, "-j", family, "route", "show"]);
    if (routes.code !== 0) continue;
    const parsed = (routes.stdout.trim() ? JSON.parse(routes.stdout) : []) as Route[];
    const gateways = parsed.flatMap((r) => (r.nexthops ?? [{ gateway: r.gateway, dev: r.dev }])).filter((n) => n.dev === `br${vni}` && n.gateway).map((n) => n.gateway!);
    for (const g of gateways) if (!known.has(g)) missing.add(g.replace(/^::ffff:/i, ""));
  }
  return [...missing];
}

/**
 * Puts back the kernel entries zebra installs for a remote VTEP's router MAC (the neighbour on
 * the SVI and the bridge/VXLAN FDB entries, `extern_learn` like zebra's), from zebra's own EVPN
 * state (`show evpn next-hops vni <VNI> json`: next hop → router MAC). Returns the VTEPs it had no MAC for.
 */
async function restoreRmacs(ns: string, vni: number, vteps: string[], nextHops: (vni: number) => Promise<Map<string, string>>): Promise<string[]> {
  const known = await nextHops(vni).catch(() => new Map<string, string>());
  const unknown: string[] = [];
  for (const vtep of vteps) {
    const rmac = known.get(vtep);
    if (!rmac) {
      unknown.push(vtep);
      continue;
    }
    // Both families' entries: IPv6 routes point at the IPv4-mapped VTEP address.
    for (const dst of [vtep, `::ffff:${vtep}`]) await ip(["-n", ns, "neigh", "replace", dst, "lladdr", rmac, "dev", `br${vni}`, "nud", "noarp", "extern_learn"]);
    for (const args of [["dst", vtep, "self"], ["master"]]) {
      const r = await run("bridge", ["-n", ns, "fdb", "replace", rmac, "dev", `vni${vni}`, ...args, "extern_learn"]);
      if (r.code !== 0) throw new Error(`bridge fdb replace ${rmac} in ${ns} failed: ${r.stderr.trim()}`);
    }
  }
  return unknown;
}

/** `vteps`: the VTEPs whose router MAC was missing; `unknown`: those neither zebra nor bgpd knew one for. */
export type RmacRepair = { vni: number; how: "restored" | "restarted" | "reimported"; vteps?: string[]; unknown?: string[] };

/**
 * FRR 8.4 with the netns VRF backend sometimes drops the router MAC entries of remote VTEPs when
 * their routes change (seen when another leaf's machine session went down): the routes stay, the
 * packets are dropped. Checked every reconcile; a VRF whose routes point at a VTEP without one
 * (twice, 200 ms apart: not a route being installed right now) is repaired: first by putting
 * the entries back from zebra's own EVPN state (restoreRmacs: no flap, milliseconds); only when
 * zebra does not know the MAC either does the lab restart the leaf's FRR (`restartFrr`), else its
 * L3VNI is re-imported (a restart only if still missing a second later). Returns the VNIs repaired and how.
 */
export async function repairRmacs(h: NetnsVrfHost, state: DesiredSwitchState, vrfName: (vni: number) => string, l3vniUp: (vni: number) => Promise<boolean>, restartFrr?: () => Promise<void>, nextHops?: (vni: number) => Promise<Map<string, string>>): Promise<RmacRepair[]> {
  const repaired: RmacRepair[] = [];
  for (const v of state.vrfs) {
    const key = `${h.leafNetns}/${v.vni}`;
    const ns = vrfNamespace(h, vrfName(v.vni));
    if ((await vtepsWithoutRmac(ns, v.vni)).length === 0) continue;
    await new Promise((r) => setTimeout(r, 200));
    const missing = await vtepsWithoutRmac(ns, v.vni);
    if (missing.length === 0) continue;
    const unknown = nextHops ? await restoreRmacs(ns, v.vni, missing, nextHops) : missing;
    const still = await vtepsWithoutRmac(ns, v.vni);
    if (nextHops && unknown.length === 0 && still.length === 0) {
      repaired.push({ vni: v.vni, how: "restored", vteps: missing });
      continue;
    }
    // At most every 15 s per VRF: a repair that does not take must not flap the VRF every cycle.
    if ((lastRepair.get(key) ?? 0) > Date.now() - 15_000) continue;
    // Not a route being installed right now: still missing a second later.
    await new Promise((r) => setTimeout(r, 1000));
    if ((await vtepsWithoutRmac(ns, v.vni)).length === 0) continue;
    lastRepair.set(key, Date.now());
    // A fresh FRR (everything present at its start) is the state that reliably has the router
    // MACs; without the lab's restart hook, the L3VNI re-import.
    if (restartFrr) await restartFrr();
    await reimportL3vnis(h, restartFrr ? state : { ...state, vrfs: [v] }, vrfName, l3vniUp);
    if (restartFrr) {
      for (const other of state.vrfs) lastRepair.set(`${h.leafNetns}/${other.vni}`, Date.now());
      repaired.push(...state.vrfs.filter((x) => x.vni !== v.vni).map((x) => ({ vni: x.vni, how: "restarted" as const })));
    }
    repaired.push({ vni: v.vni, how: restartFrr ? "restarted" : "reimported", vteps: still, unknown });
  }
  return repaired;
}
