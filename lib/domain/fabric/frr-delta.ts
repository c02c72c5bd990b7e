/**
 * The vtysh commands that turn one rendered leaf frr.conf into another, for the common changes
 * (issue 13: a machine's port into or out of its VRF, prefix-list entries, route-map and
 * neighbour lines): the switch agent applies them with one vtysh call instead of frr-reload.py
 * (a Python process that reads and diffs the whole running config: seconds under load).
 *
 * Only what is safe to express as a delta is: lines added to or removed from a stanza (`no …`
 * for a removed line, the line without `no` for a removed `no …` line), stanzas and single lines
 * added, removed single lines and removed `interface` stanzas. Anything else — a removed
 * `router bgp`, `vrf` or address-family stanza, a changed `vrf` stanza or a global line such as
 * `frr defaults` — returns null, and the agent uses frr-reload.py for the whole config.
 *
 * Interface stanzas are never deleted and never created ahead of their port: FRR refuses to
 * delete an active interface ("only inactive interfaces can be deleted"), and with the netns VRF
 * backend (FABRIC §8) a port that moves between namespaces takes its zebra object, settings
 * included, along — a stanza created for it in the target VRF beforehand is a second object of
 * the same name, and zebra crashed on that in the lab. So a stanza the new config drops has its
 * lines negated at once (the port stops sending RAs before it moves), and the new or changed
 * stanzas go into `after`: applied once the agent placed the ports (metal-core#202).
 *
 * Works on this repository's rendering (lib/domain/fabric/render-leaf.ts): one-space indents,
 * stanzas closed by `exit`/`exit-vrf`, address families by `exit-address-family`, `!` separators.
 */
export type FrrStanza = { header: string; lines: string[]; families: FrrStanza[] };
/** A top-level item: a stanza, or a single line (`lines` null). */
export type FrrItem = { header: string; lines: string[] | null; families: FrrStanza[] };
export type FrrDelta = {
  /** Run inside `configure terminal`, in order (stanza headers enter their context). */
  commands: string[];
  /** Run inside `configure terminal` after the ports were placed: the interface stanzas. */
  after: string[];
  /** For checking the running config afterwards: per stanza ("" = top level), the lines that must be there / gone. */
  expect: { stanza: string; family: string | null; present: string[]; absent: string[] }[];
};

/** The single top-level lines a delta may add or remove: list entries. */
const LIST_LINE = /^(ip prefix-list|ipv6 prefix-list|bgp as-path access-list) /;
const isExit = (l: string) => l === "exit" || l === "exit-vrf";

export function parseFrrConfig(text: string): FrrItem[] {
  const lines = text.split("\n").map((l) => l.trimEnd()).filter((l) => l !== "" && l.trim() !== "!");
  const items: FrrItem[] = [];
  for (let i = 0; i < lines.length; i++) {
    const header = lines[i];
    const next = lines[i + 1];
    if (next === undefined || !(next.startsWith(" ") || isExit(next))) {
      items.push({ header, lines: null, families: [] });
      continue;
    }
    const item: FrrItem = { header, lines: [], families: [] };
    for (i++; i < lines.length && !isExit(lines[i]); i++) {
      const l = lines[i].trim();
      if (l.startsWith("address-family ")) {
        const fam: FrrStanza = { header: l, lines: [], families: [] };
        for (i++; i < lines.length && lines[i].trim() !== "exit-address-family"; i++) fam.lines.push(lines[i].trim());
        item.families.push(fam);
      } else item.lines!.push(l);
    }
    items.push(item);
  }
  return items;
}

export const negate = (line: string) => (line.startsWith("no ") ? line.slice(3) : `no ${line}`);

function diffLines(before: string[], after: string[]): { added: string[]; removed: string[] } {
  const b = new Set(before);
  const a = new Set(after);
  return { added: after.filter((l) => !b.has(l)), removed: before.filter((l) => !a.has(l)) };
}

function wholeStanza(s: FrrItem): string[] {
  return [s.header, ...(s.lines ?? []), ...s.families.flatMap((f) => [f.header, ...f.lines, "exit-address-family"]), "exit"];
}

/** The commands from `current` to `next`, or null when frr-reload.py must do it. */
export function frrDelta(current: string, next: string): FrrDelta | null {
  const before = parseFrrConfig(current);
  const after = parseFrrConfig(next);
  const old = new Map(before.map((x) => [x.header, x]));
  const now = new Map(after.map((x) => [x.header, x]));
  if (old.size !== before.length || now.size !== after.length) return null; // a header twice: not ours
  const removals: string[] = [];
  const commands: string[] = [];
  const later: string[] = [];
  const expect: FrrDelta["expect"] = [];
  const isInterface = (x: FrrItem) => x.lines !== null && x.header.startsWith("interface ") && x.families.length === 0;
  for (const o of before) {
    if (now.has(o.header)) continue;
    if (o.lines === null) {
      if (!LIST_LINE.test(o.header)) return null;
      removals.push(negate(o.header));
      expect.push({ stanza: "", family: null, present: [], absent: [o.header] });
    } else if (isInterface(o)) {
      if (o.lines.length) removals.push(o.header, ...o.lines.map(negate), "exit");
    } else return null;
  }
  for (const n of after) {
    const o = old.get(n.header);
    if (isInterface(n)) {
      const d = diffLines(o?.lines ?? [], n.lines!);
      if (!o || d.added.length + d.removed.length > 0) later.push(n.header, ...d.removed.map(negate), ...d.added, "exit");
      continue;
    }
    if (!o) {
      if (n.lines === null) {
        if (!LIST_LINE.test(n.header)) return null;
        commands.push(n.header);
        expect.push({ stanza: "", family: null, present: [n.header], absent: [] });
      } else {
        commands.push(...wholeStanza(n));
        expect.push({ stanza: "", family: null, present: [n.header], absent: [] });
      }
      continue;
    }
    if (n.lines === null || o.lines === null) {
      if ((n.lines === null) !== (o.lines === null)) return null;
      continue;
    }
    const top = diffLines(o.lines, n.lines);
    if (n.header.startsWith("vrf ") && top.added.length + top.removed.length > 0) return null;
    const fams: string[] = [];
    const oldFams = new Map(o.families.map((f) => [f.header, f]));
    if (o.families.some((f) => !n.families.some((x) => x.header === f.header))) return null;
    for (const f of n.families) {
      const of = oldFams.get(f.header);
      const d = diffLines(of?.lines ?? [], f.lines);
      if (d.added.length + d.removed.length === 0 && of) continue;
      fams.push(f.header, ...d.removed.map(negate), ...d.added, "exit-address-family");
      expect.push({ stanza: n.header, family: f.header, present: d.added, absent: d.removed });
    }
    if (top.added.length + top.removed.length + fams.length === 0) continue;
    // Removed neighbours before added ones; a neighbour's settings follow its definition.
    commands.push(n.header, ...top.removed.map(negate), ...top.added, ...fams, "exit");
    expect.push({ stanza: n.header, family: null, present: top.added, absent: top.removed });
  }
  return { commands: [...removals, ...commands], after: later, expect };
}

/**
 * Whether the running config (`show running-config`) holds what a delta promised: the lines it
 * added are in their stanza, the lines it removed are not. FRR leaves out lines that are its
 * defaults, so only lines of changed stanzas are compared, never the whole text.
 */
export function deltaApplied(running: string, delta: FrrDelta): string[] {
  const items = new Map(parseFrrConfig(running).map((x) => [x.header, x]));
  const problems: string[] = [];
  for (const e of delta.expect) {
    const item = e.stanza === "" ? null : items.get(e.stanza);
    const have = e.stanza === ""
      ? new Set(items.keys())
      : new Set(e.family === null ? item?.lines ?? [] : item?.families.find((f) => f.header === e.family)?.lines ?? []);
    for (const l of e.present) if (!have.has(l)) problems.push(`missing "${l}"${e.stanza ? ` in "${e.stanza}"` : ""}`);
    for (const l of e.absent) if (have.has(l)) problems.push(`still "${l}"${e.stanza ? ` in "${e.stanza}"` : ""}`);
  }
  return problems;
}
