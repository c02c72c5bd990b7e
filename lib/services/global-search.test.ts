import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/client";
import { freshDatabase, testEngines } from "@/lib/test/databases";
import { makeProject, makeTenant, makeUser, operator } from "@/lib/test/fixtures";
import { searchEverything } from "./global-search";
import { allocateMachine } from "./machines/allocation";
import { allocation, insertWaitingMachine, PARTITION, setupCatalog } from "./machines/allocation.fixtures";
import { createNetwork } from "./networks/networks";

/** Issue 15 item 7: ⌘K search finds what the caller may read, and never another tenant's names. */
describe.each(testEngines())("global search on %s", (engine) => {
  let database: Database;
  let cleanup: () => Promise<void>;
  let acme: Awaited<ReturnType<typeof makeUser>>;
  let globex: Awaited<ReturnType<typeof makeUser>>;
  let machineId: string;
  let address: string;

  beforeAll(async () => {
    ({ database, cleanup } = await freshDatabase(engine));
    await setupCatalog();
    const web = (await makeProject((await makeTenant("acme")).id, "zeppelin-web")).id;
    await makeProject((await makeTenant("globex")).id, "data");
    acme = await makeUser("owner@acme", ["acme-owners"]);
    globex = await makeUser("owner@globex", ["globex-owners"]);
    await createNetwork(acme, { kind: "private", projectId: web, partitionId: PARTITION, name: "zeppelin-net", description: "", labels: {} });
    await insertWaitingMachine(database.db);
    const m = await allocateMachine(acme, allocation(web, { hostname: "zeppelin-01" }));
    machineId = m.id;
    address = m.allocation!.networks[0].addresses[0];
  });
  afterAll(async () => cleanup?.());

  it("finds the owner's machine by hostname, id and IP, its network and project", async () => {
    const byName = await searchEverything(acme, { q: "zeppelin" });
    // The machine's IPs carry its hostname as their name, so they are found too.
    expect(byName.items.filter((h) => h.kind !== "ip").map((h) => `${h.kind}:${h.label}`).sort()).toEqual(["machine:zeppelin-01", "network:zeppelin-net", "project:zeppelin-web"]);
    expect(byName.items.filter((h) => h.kind === "ip").every((h) => h.machineId === machineId)).toBe(true);
    expect((await searchEverything(acme, { q: machineId.slice(0, 12) })).items.some((h) => h.kind === "machine" && h.id === machineId)).toBe(true);
    const byIp = await searchEverything(acme, { q: address });
    expect(byIp.items).toContainEqual(expect.objectContaining({ kind: "ip", label: address, machineId }));
  });

  it("gives a foreign tenant none of it: no hostname, IP, id, network or project name", async () => {
    for (const q of ["zeppelin", machineId, address]) {
      const hits = await searchEverything(globex, { q });
      expect(hits.items, q).toEqual([]);
      expect(JSON.stringify(hits)).not.toContain("zeppelin");
    }
  });

  it("lets operators find everything", async () => {
    const hits = (await searchEverything(operator, { q: "zeppelin-01" })).items;
    expect(hits.filter((h) => h.kind === "machine").map((h) => h.id)).toEqual([machineId]);
  });
});
