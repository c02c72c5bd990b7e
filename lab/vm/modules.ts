/**
 * Kernel modules for an initramfs (pure): modules.dep lines "kernel/a/b.ko: kernel/c.ko …" and
 * the closure of a list of module names over them, dependencies first (as modprobe loads them).
 * Module names treat "-" and "_" alike, as the kernel does.
 */
export type ModulesDep = Map<string, string[]>;

export function parseModulesDep(text: string): ModulesDep {
  const deps: ModulesDep = new Map();
  for (const line of text.split("\n")) {
    const i = line.indexOf(":");
    if (i <= 0) continue;
    deps.set(line.slice(0, i).trim(), line.slice(i + 1).trim().split(/\s+/).filter(Boolean));
  }
  return deps;
}

export const moduleName = (file: string) => file.replace(/^.*\//, "").replace(/\.ko(\.(xz|zst|gz))?$/, "").replace(/-/g, "_");

export function closeModules(deps: ModulesDep, names: readonly string[]): string[] {
  const byName = new Map([...deps.keys()].map((f) => [moduleName(f), f]));
  const out: string[] = [];
  const visit = (file: string) => {
    if (out.includes(file)) return;
    for (const d of deps.get(file) ?? []) visit(d);
    out.push(file);
  };
  for (const name of names) {
    const file = byName.get(name.replace(/-/g, "_"));
    if (!file) throw new Error(`kernel module ${name} is not in modules.dep (built in, or missing from this kernel)`);
    visit(file);
  }
  return out;
}
