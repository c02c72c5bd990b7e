import type { Hardware, SizeDef } from "./size";

/** Real hardware profiles and a small size catalog, shared by the size tests. */

export const GiB = 1024 ** 3;
export const TiB = 1024 ** 4;
export const GB = 1000 ** 3;
export const TB = 1000 ** 4;

// Real hardware, with the strings and byte counts the machine agent reports.
export const epycServer: Hardware = {
  cpus: [
    { model: "AMD EPYC 7543 32-Core Processor", cores: 32, threads: 64 },
    { model: "AMD EPYC 7543 32-Core Processor", cores: 32, threads: 64 },
  ],
  memoryBytes: 512 * GiB,
  disks: [
    { name: "/dev/nvme0n1", sizeBytes: 960_197_124_096 }, // 960 GB NVMe (e.g. Samsung PM9A3)
    { name: "/dev/nvme1n1", sizeBytes: 960_197_124_096 },
  ],
  gpus: [],
};

export const gpuNode: Hardware = {
  cpus: [
    { model: "Intel(R) Xeon(R) Gold 6338 CPU @ 2.00GHz", cores: 32, threads: 64 },
    { model: "Intel(R) Xeon(R) Gold 6338 CPU @ 2.00GHz", cores: 32, threads: 64 },
  ],
  memoryBytes: 1 * TiB,
  disks: [
    { name: "/dev/nvme0n1", sizeBytes: 1_920_383_410_176 },
    { name: "/dev/nvme1n1", sizeBytes: 1_920_383_410_176 },
  ],
  gpus: Array.from({ length: 4 }, () => ({ model: "GA100 [A100 SXM4 80GB]", vendor: "NVIDIA Corporation" })),
};

const letters = "abcdefghijklmnopqrstuvwx"; // sda..sdx = 24 disks
export const storageNode: Hardware = {
  cpus: [{ model: "AMD EPYC 7313P 16-Core Processor", cores: 16, threads: 32 }],
  memoryBytes: 256 * GiB,
  disks: Array.from(letters, (l, i) => ({
    name: `/dev/sd${l}`,
    sizeBytes: i < 2 ? 480_103_981_056 : 16_000_900_661_248, // 2× 480 GB SSD boot, 22× 16 TB HDD
  })),
  gpus: [],
};

export const smallXeon: Hardware = {
  cpus: [{ model: "Intel(R) Xeon(R) E-2288G CPU @ 3.70GHz", cores: 8, threads: 16 }],
  memoryBytes: 64 * GiB,
  disks: [{ name: "/dev/sda", sizeBytes: 480_103_981_056 }],
  gpus: [],
};

export const c1Xlarge: SizeDef = {
  id: "c1-xlarge-x86",
  constraints: [
    { type: "cores", min: 64, max: 64 },
    { type: "memory", min: 500 * GiB, max: 520 * GiB },
    { type: "storage", min: 1.5 * TB, max: 2 * TB },
  ],
};
export const g1Large: SizeDef = {
  id: "g1-large-x86",
  constraints: [
    { type: "cores", min: 64, max: 64, identifier: "Intel(R) Xeon(R) Gold*" },
    { type: "memory", min: 1000 * GiB, max: 1030 * GiB },
    { type: "storage", min: 3 * TB, max: 4 * TB },
    { type: "gpu", min: 4, max: 4, identifier: "GA100*" },
  ],
};
export const s3Large: SizeDef = {
  id: "s3-large-x86",
  constraints: [
    { type: "cores", min: 16, max: 16 },
    { type: "memory", min: 250 * GiB, max: 260 * GiB },
    { type: "storage", min: 900 * GB, max: 1 * TB, identifier: "/dev/sd[ab]" },
    { type: "storage", min: 300 * TB, max: 400 * TB, identifier: "/dev/sd[c-z]" },
  ],
};
export const catalog = [c1Xlarge, g1Large, s3Large];
