import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";

/**
 * Hardware inventory of a real Linux machine from /proc and /sys (what metal-hammer reads).
 * The parsers are pure; the readers take the root directory, so a captured /proc + /sys tree
 * (tests, a support bundle) reads exactly like the live one.
 */
export type Cpu = { model: string; cores: number; threads: number };
export type Disk = { name: string; sizeBytes: number };
export type Gpu = { model: string; vendor: string };
export type Nic = { name: string; mac: string };

/** One entry per socket ("physical id"): its model, cores and hardware threads. */
export function parseCpuinfo(text: string): Cpu[] {
  const sockets = new Map<string, { model: string; cores: number | null; coreIds: Set<string>; threads: number }>();
  for (const block of text.split(/\n\s*\n/)) {
    const fields = new Map<string, string>();
    for (const line of block.split("\n")) {
      const i = line.indexOf(":");
      if (i > 0) fields.set(line.slice(0, i).trim().toLowerCase(), line.slice(i + 1).trim());
    }
    if (!fields.has("processor")) continue;
    const id = fields.get("physical id") ?? "0";
    const socket = sockets.get(id) ?? { model: "", cores: null, coreIds: new Set<string>(), threads: 0 };
    socket.model ||= fields.get("model name") ?? fields.get("cpu model") ?? fields.get("hardware") ?? "";
    const cores = Number.parseInt(fields.get("cpu cores") ?? "", 10);
    if (Number.isFinite(cores)) socket.cores = cores;
    socket.coreIds.add(fields.get("core id") ?? fields.get("processor")!);
    socket.threads += 1;
    sockets.set(id, socket);
  }
  return [...sockets.entries()]
    .sort(([a], [b]) => Number(a) - Number(b))
    .map(([, s]) => ({ model: s.model || "unknown", cores: s.cores ?? s.coreIds.size, threads: s.threads }));
}

export function parseMeminfo(text: string): number {
  const m = /^MemTotal:\s+(\d+)\s*kB/m.exec(text);
  if (!m) throw new Error("/proc/meminfo has no MemTotal line");
  return Number(m[1]) * 1024;
}

/** Block devices that are not disks: loop, ram, device-mapper, md arrays, optical, floppy, nbd, zram. */
const NOT_A_DISK = /^(loop|ram|zram|dm-|md|sr|fd|nbd)/;

const readText = async (file: string) => (await readFile(file, "utf8")).trim();
const exists = (file: string) => stat(file).then(() => true, () => false);

export async function readDisks(root: string): Promise<Disk[]> {
  const dir = path.join(root, "sys/block");
  const disks: Disk[] = [];
  for (const name of (await readdir(dir)).sort()) {
    if (NOT_A_DISK.test(name)) continue;
    const removable = await readText(path.join(dir, name, "removable")).catch(() => "0");
    const sectors = Number(await readText(path.join(dir, name, "size")).catch(() => "0"));
    // /sys/block/*/size counts 512-byte sectors whatever the device's logical block size.
    if (removable === "1" || !(sectors > 0)) continue;
    disks.push({ name: `/dev/${name}`, sizeBytes: sectors * 512 });
  }
  return disks;
}

/** Physical NICs only: virtual interfaces (lo, bridges, bonds, veths) have no device link. */
export async function readNics(root: string): Promise<Nic[]> {
  const dir = path.join(root, "sys/class/net");
  const nics: Nic[] = [];
  for (const name of (await readdir(dir)).sort()) {
    if (!(await exists(path.join(dir, name, "device")))) continue;
    const mac = (await readText(path.join(dir, name, "address")).catch(() => "")).toLowerCase();
    if (/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/.test(mac) && mac !== "00:00:00:00:00:00") nics.push({ name, mac });
  }
  return nics;
}

const GPU_VENDORS: Record<string, string> = { "0x10de": "NVIDIA Corporation", "0x1002": "Advanced Micro Devices, Inc. [AMD/ATI]" };
/** lspci's names for the data-centre GPUs sizes select by ("GA100*"); others show their PCI id. */
const GPU_MODELS: Record<string, string> = {
  "0x10de:0x20b0": "GA100 [A100 SXM4 40GB]",
  "0x10de:0x20b2": "GA100 [A100 SXM4 80GB]",
  "0x10de:0x20b5": "GA100 [A100 PCIe 80GB]",
  "0x10de:0x20f1": "GA100 [A100 PCIe 40GB]",
  "0x10de:0x2330": "GH100 [H100 SXM5 80GB]",
};

/** GPUs: NVIDIA/AMD display or 3D controllers. The BMC's on-board VGA (ASPEED, Matrox) is not one. */
export async function readGpus(root: string): Promise<Gpu[]> {
  const dir = path.join(root, "sys/bus/pci/devices");
  const entries = await readdir(dir).catch(() => [] as string[]);
  const gpus: Gpu[] = [];
  for (const addr of entries.sort()) {
    const [cls, vendor, device] = await Promise.all(["class", "vendor", "device"].map((f) => readText(path.join(dir, addr, f)).catch(() => "")));
    if (!/^0x030[02]/.test(cls) || !GPU_VENDORS[vendor]) continue;
    gpus.push({ model: GPU_MODELS[`${vendor}:${device}`] ?? `${vendor.slice(2)}:${device.slice(2)}`, vendor: GPU_VENDORS[vendor] });
  }
  return gpus;
}

export async function readProductUuid(root: string): Promise<string> {
  return (await readText(path.join(root, "sys/class/dmi/id/product_uuid"))).toLowerCase();
}

export async function readLinuxHardware(root: string) {
  const [cpuinfo, meminfo] = await Promise.all([readText(path.join(root, "proc/cpuinfo")), readText(path.join(root, "proc/meminfo"))]);
  const [disks, nics, gpus] = await Promise.all([readDisks(root), readNics(root), readGpus(root)]);
  return { cpus: parseCpuinfo(cpuinfo), memoryBytes: parseMeminfo(meminfo), disks, gpus, nics };
}
