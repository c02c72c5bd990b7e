import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerMachineInput } from "@/lib/contracts/agent";
import type { Database } from "@/lib/db/client";
import { sizes } from "@/lib/db/schema";
import { matchSize } from "@/lib/domain/catalog";
import { seedCatalog } from "@/lib/services/catalog/seed-catalog";
import { rackFromNeighbours } from "@/lib/domain/fabric/rack";
import { freshDatabase } from "@/lib/test/databases";
import { operator } from "@/lib/test/fixtures";
import { labMachineSpecs } from "./machines";
import { LAB_PROFILES, type LabSize, labUuid } from "./profiles";

describe("lab hardware profiles", () => {
  let database: Database;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    ({ database, cleanup } = await freshDatabase("pglite"));
    await seedCatalog(operator);
  });
  afterAll(async () => cleanup());

  it.each(Object.keys(LAB_PROFILES) as LabSize[])("%s is a valid registration that matches exactly its seeded size", async (size) => {
    const profile = registerMachineInput.parse(LAB_PROFILES[size]);
    const seeded = await database.db.select({ id: sizes.id, constraints: sizes.constraints }).from(sizes);
    expect(matchSize(profile.hardware, seeded)).toEqual({ kind: "match", sizeId: size });
  });

  it("gives 8 machines in two racks and two sizes stable, distinct ids and MACs, each cabled to both leaves of its rack", () => {
    const specs = labMachineSpecs({ dataDir: "/data" });
    expect(specs).toHaveLength(8);
    expect(new Set(specs.map((s) => s.uuid)).size).toBe(8);
    expect(new Set(specs.flatMap((s) => s.profile.hardware.nics!.map((n) => n.mac))).size).toBe(16);
    expect(specs.map((s) => `${s.rack}/${s.sizeId}`).sort()).toEqual([
      ...Array(2).fill("r01/c1-large-x86"), ...Array(2).fill("r01/c1-small-x86"), ...Array(2).fill("r02/c1-large-x86"), ...Array(2).fill("r02/c1-small-x86"),
    ]);
    for (const s of specs) {
      const parsed = registerMachineInput.parse(s.profile);
      expect(parsed.uuid).toBe(labUuid("lab", s.index));
      expect(rackFromNeighbours(parsed.hardware.nics)).toBe(s.rack);
      expect(parsed.hardware.nics.map((n) => n.neighbours[0].switchName)).toEqual([`${s.rack}leaf01`, `${s.rack}leaf02`]);
      expect(s.dir).toBe(`/data/lab/${s.uuid}`);
    }
    expect(labMachineSpecs({ dataDir: "/data" })[3].uuid).toBe(specs[3].uuid);
    expect(labMachineSpecs({ dataDir: "/data", labName: "other" })[3].uuid).not.toBe(specs[3].uuid);
  });
});
