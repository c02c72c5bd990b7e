import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { count } from "drizzle-orm";
import type { Database } from "@/lib/db/client";
import { auditEntries } from "@/lib/db/schema";
import { gpuNode } from "@/lib/domain/catalog/size.fixtures";
import { freshDatabase, testEngines } from "@/lib/test/databases";
import { operator } from "@/lib/test/fixtures";
import { listNetworks } from "../networks/networks";
import { seedDemo } from "../seed";
import { getPartitionCapacity } from "./capacity";
import { listLayouts, tryLayout } from "./filesystem-layouts";
import { listImages } from "./images";
import { listPartitions } from "./partitions";
import { listSizes, suggestSize } from "./sizes";

describe.each(testEngines())("demo catalog seed on %s", (engine) => {
  let database: Database;
  let cleanup: () => Promise<void>;
  beforeAll(async () => ({ database, cleanup } = await freshDatabase(engine)));
  afterAll(async () => cleanup?.());

  it("seeds a working catalog once, and a second run changes nothing", async () => {
    await seedDemo();
    const [{ n: auditRows }] = await database.db.select({ n: count() }).from(auditEntries);
    await seedDemo();
    expect((await database.db.select({ n: count() }).from(auditEntries))[0].n).toBe(auditRows);

    const ids = async (list: Promise<{ items: { id: string }[] }>) => (await list).items.map((x) => x.id);
    expect(await ids(listPartitions(operator, { limit: 50 }))).toEqual(["lab"]);
    expect(await ids(listSizes(operator, { limit: 50 }))).toEqual(["c1-large-x86", "c1-small-x86", "g1-gpu-x86"]);
    expect(await ids(listImages(operator, { limit: 50 }))).toEqual(["debian-12.0.20260401", "firewall-ubuntu-3.0.20260401", "ubuntu-24.04.20260401"]);
    expect(await ids(listLayouts(operator, { limit: 50 }))).toEqual(["default-small", "raid1-lvm"]);
    expect(await getPartitionCapacity(operator, "lab")).toEqual({ partitionId: "lab", sizes: [] });
    const nets = await listNetworks(operator, { limit: 50 });
    expect(nets.items.map((n) => [n.id, n.kind, n.prefixes.map((p) => p.cidr)])).toEqual([
      ["internet", "external", ["203.0.113.0/24"]],
      ["lab-tenant-super", "super", ["10.128.0.0/14", "fd00:a::/48"]],
    ]);
  });

  it("gives every size a layout for every image, and sorts a GPU node into the GPU size", async () => {
    const expected = { "c1-small-x86": "default-small", "c1-large-x86": "raid1-lvm", "g1-gpu-x86": "raid1-lvm" };
    for (const [size, layout] of Object.entries(expected)) {
      for (const image of ["ubuntu-24.04", "debian-12", "firewall-ubuntu-3.0"]) {
        expect((await tryLayout(operator, { size, image })).layoutId, `${size} ${image}`).toBe(layout);
      }
    }
    expect((await suggestSize(operator, gpuNode)).match).toEqual({ kind: "match", sizeId: "g1-gpu-x86" });
  });
});
