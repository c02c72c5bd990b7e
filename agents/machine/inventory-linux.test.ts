import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { registerMachineInput } from "@/lib/contracts/agent";
import { agentConfigSchema } from "./config";
import { parseCpuinfo, parseMeminfo, readDisks, readGpus, readLinuxHardware, readNics, readProductUuid } from "./inventory-linux";
import { readInventory } from "./inventory";
import { parseLldpNeighbours } from "./lldp";

const fixtures = path.join(import.meta.dirname, "fixtures");
const server = path.join(fixtures, "server");
const vm = path.join(fixtures, "vm");
const fixtureJson = (name: string) => JSON.parse(readFileSync(path.join(fixtures, name), "utf8"));

describe("/proc parsing", () => {
  it("counts sockets, physical cores and threads on a hyper-threaded two-socket server", () => {
    const cpus = parseCpuinfo(readFileSync(path.join(server, "proc/cpuinfo"), "utf8"));
    expect(cpus).toEqual([
      { model: "Intel(R) Xeon(R) Silver 4210R CPU @ 2.40GHz", cores: 10, threads: 20 },
      { model: "Intel(R) Xeon(R) Silver 4210R CPU @ 2.40GHz", cores: 10, threads: 20 },
    ]);
  });

  it("reads a captured virtual machine's cpuinfo", () => {
    const cpus = parseCpuinfo(readFileSync(path.join(vm, "proc/cpuinfo"), "utf8"));
    expect(cpus).toHaveLength(1);
    expect(cpus[0].cores).toBeGreaterThan(0);
    expect(cpus[0].model).not.toBe("unknown");
  });

  it("falls back to counting processors when cpuinfo has no topology (ARM)", () => {
    const arm = "processor\t: 0\nBogoMIPS\t: 50.00\nCPU part\t: 0xd0c\n\nprocessor\t: 1\nBogoMIPS\t: 50.00\n";
    expect(parseCpuinfo(arm)).toEqual([{ model: "unknown", cores: 2, threads: 2 }]);
  });

  it("takes MemTotal in bytes and refuses a meminfo without it", () => {
    expect(parseMeminfo(readFileSync(path.join(server, "proc/meminfo"), "utf8"))).toBe(197510440 * 1024);
    expect(() => parseMeminfo("MemFree: 1 kB\n")).toThrow(/MemTotal/);
  });
});

describe("/sys reading", () => {
  it("lists real disks in bytes, skipping loop, optical, device-mapper, md and zram devices", async () => {
    expect(await readDisks(server)).toEqual([
      { name: "/dev/nvme0n1", sizeBytes: 1875385008 * 512 },
      { name: "/dev/nvme1n1", sizeBytes: 1875385008 * 512 },
      { name: "/dev/sda", sizeBytes: 937703088 * 512 },
    ]);
    expect(await readDisks(vm)).toEqual([{ name: "/dev/vda", sizeBytes: 536870912 * 512 }]);
  });

  it("lists physical NICs only, with lower-case MACs", async () => {
    expect(await readNics(server)).toEqual([{ name: "eno1", mac: "3c:ec:ef:1a:2b:3c" }, { name: "eno2", mac: "3c:ec:ef:1a:2b:3d" }]);
    expect(await readNics(vm)).toEqual([{ name: "eth0", mac: "02:fc:00:00:00:01" }]);
  });

  it("counts NVIDIA GPUs with lspci names for the A100 and ignores the BMC's VGA", async () => {
    expect(await readGpus(server)).toEqual([
      { model: "GA100 [A100 SXM4 80GB]", vendor: "NVIDIA Corporation" },
      { model: "10de:2236", vendor: "NVIDIA Corporation" },
    ]);
    expect(await readGpus(vm)).toEqual([]);
  });

  it("reads the SMBIOS UUID lower-cased, and fails clearly where there is none", async () => {
    expect(await readProductUuid(server)).toBe("4c4c4544-0042-3510-8052-b4c04f4e3732");
    await expect(readProductUuid(vm)).rejects.toThrow(/product_uuid/);
  });

  it("produces a registration body the server's contract accepts", async () => {
    const hw = await readLinuxHardware(server);
    const body = registerMachineInput.parse({ uuid: await readProductUuid(server), hardware: { ...hw, nics: hw.nics.map((n) => ({ ...n, neighbours: [] })) } });
    expect(body.hardware.memoryBytes).toBe(197510440 * 1024);
  });
});

describe("inventory with LLDP neighbours", () => {
  it("parses lldpcli JSON for several interfaces (array form), preferring ifname port ids", () => {
    const n = parseLldpNeighbours(fixtureJson("lldp-two-nics.json"));
    expect(n.get("eno1")).toEqual([{ switchName: "r03leaf01", port: "Ethernet12" }]);
    // A MAC port id says nothing to an operator: the port description is used.
    expect(n.get("eno2")).toEqual([{ switchName: "r03leaf02", port: "Ethernet12" }]);
  });

  it("parses lldpcli JSON for a single interface (object form) and ignores garbage", () => {
    expect(parseLldpNeighbours(fixtureJson("lldp-one-nic.json")).get("lan0")).toEqual([{ switchName: "leaf01", port: "swp1" }]);
    expect(parseLldpNeighbours({ lldp: {} }).size).toBe(0);
    expect(parseLldpNeighbours("nope").size).toBe(0);
  });

  it("attaches each NIC's neighbours to the inventory read from /proc and /sys", async () => {
    const config = agentConfigSchema.parse({ apiUrl: "http://127.0.0.1:1", partition: "p", bootCredential: "mbc_x", sysRoot: server });
    const inv = await readInventory(config, async () => parseLldpNeighbours(fixtureJson("lldp-two-nics.json")));
    expect(inv.uuid).toBe("4c4c4544-0042-3510-8052-b4c04f4e3732");
    expect(inv.hardware.nics.map((n) => n.neighbours[0]?.switchName)).toEqual(["r03leaf01", "r03leaf02"]);
    expect(inv.hardware.cpus.reduce((a, c) => a + c.cores, 0)).toBe(20);
  });
});
