import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/client";
import { machineBmcs } from "@/lib/db/schema";
import { BadRequestError } from "@/lib/http/errors";
import { listAudit } from "@/lib/services/audit";
import { acquireIp, listIps } from "@/lib/services/networks/ips";
import { createNetwork, listNetworks } from "@/lib/services/networks/networks";
import { freshDatabase, testEngines } from "@/lib/test/databases";
import { makeProject, makeTenant, makeUser, operator } from "@/lib/test/fixtures";
import { insertWaitingMachine, PARTITION, setupCatalog } from "./allocation.fixtures";
import { listMachines } from "./machines";

type Sortable = { sort?: string; order?: "asc" | "desc"; cursor?: string; limit: number };

/** Walks every page of a sorted list and returns the items in the order the pages gave them. */
async function walk<T>(list: (q: Sortable) => Promise<{ items: T[]; nextCursor: string | null }>, q: Sortable): Promise<T[]> {
  const out: T[] = [];
  let cursor: string | undefined;
  for (let pages = 0; pages < 50; pages++) {
    const page = await list({ ...q, cursor });
    out.push(...page.items);
    if (!page.nextCursor) return out;
    cursor = page.nextCursor;
  }
  throw new Error("no end of pages");
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Issue 15 item 2: sort and direction on machines, IPs, networks and audit, across keyset pages. */
describe.each(testEngines())("sorted lists on %s", (engine) => {
  let database: Database;
  let cleanup: () => Promise<void>;
  let projectId: string;
  let owner: Awaited<ReturnType<typeof makeUser>>;
  const racks = ["r-3", "r-1", "r-2", "r-1", "r-3", "r-2", "r-1", "r-10", "r-2", "r-1", "r-3"];
  const machineIds: string[] = [];

  beforeAll(async () => {
    ({ database, cleanup } = await freshDatabase(engine));
    await setupCatalog();
    projectId = (await makeProject((await makeTenant("acme")).id, "web")).id;
    owner = await makeUser("owner@acme", ["acme-owners"]);
    for (const rack of racks) machineIds.push(await insertWaitingMachine(database.db, { rack, provisioningState: rack === "r-2" ? "Installing" : "Waiting" }));
  });
  afterAll(async () => cleanup?.());

  it("pages machines by rack in both directions, ties broken by id, without gaps or repeats", async () => {
    const expected = machineIds.map((id, i) => ({ id, rack: racks[i] })).sort((a, b) => cmp(a.rack, b.rack) || cmp(a.id, b.id));
    const asc = await walk((q) => listMachines(operator, q as never), { sort: "rack", limit: 3 });
    expect(asc.map((m) => m.id)).toEqual(expected.map((m) => m.id));
    const desc = await walk((q) => listMachines(operator, q as never), { sort: "rack", order: "desc", limit: 4 });
    expect(desc.map((m) => m.id)).toEqual(expected.map((m) => m.id).reverse());
  });

  it("sorts by state and keeps the filters", async () => {
    const page = await listMachines(operator, { sort: "state", order: "desc", limit: 50, rack: "r-2" });
    expect(page.items.map((m) => m.rack)).toEqual(["r-2", "r-2", "r-2"]);
    const all = await walk((q) => listMachines(operator, q as never), { sort: "state", limit: 5 });
    expect(all.map((m) => m.state)).toEqual([...all.map((m) => m.state)].sort());
    expect(all).toHaveLength(racks.length);
  });

  it("lists show the power state the BMC last reported, null without a reading", async () => {
    await database.db.insert(machineBmcs).values({ machineId: machineIds[0], protocol: "redfish", address: "127.0.0.1:1", info: { powerState: "off" } as never });
    const all = await walk((q) => listMachines(operator, q as never), { sort: "rack", limit: 50 });
    expect(all.find((m) => m.id === machineIds[0])?.powerState).toBe("off");
    expect(all.filter((m) => m.id !== machineIds[0]).every((m) => m.powerState === null)).toBe(true);
  });

  it("refuses a cursor of another sort or a forged one", async () => {
    const first = await listMachines(operator, { sort: "rack", limit: 2 });
    await expect(listMachines(operator, { sort: "state", limit: 2, cursor: first.nextCursor! })).rejects.toBeInstanceOf(BadRequestError);
    await expect(listMachines(operator, { sort: "rack", order: "desc", limit: 2, cursor: first.nextCursor! })).rejects.toBeInstanceOf(BadRequestError);
    await expect(listMachines(operator, { sort: "rack", limit: 2, cursor: "bm9wZQ" })).rejects.toBeInstanceOf(BadRequestError);
  });

  it("sorts IPs as addresses (…2 before …10), networks by name, audit by time", async () => {
    const net = await createNetwork(owner, { kind: "private", projectId, partitionId: PARTITION, name: "b-net", description: "", labels: {} });
    await createNetwork(owner, { kind: "private", projectId, partitionId: PARTITION, name: "a-net", description: "", labels: {} });
    const acquired: string[] = [];
    for (let i = 0; i < 11; i++) acquired.push((await acquireIp(owner, { networkId: net.id, projectId, kind: "ephemeral", name: `ip-${i}`, description: "", tags: [] } as never)).address);
    const ips = await walk((q) => listIps(owner, { ...q, networkId: net.id } as never), { sort: "address", limit: 4 });
    const numeric = (a: string) => a.split(".").reduce((n, o) => n * 256 + Number(o), 0);
    expect(ips.map((i) => i.address)).toEqual([...acquired].sort((a, b) => numeric(a) - numeric(b)));
    expect(ips.map((i) => numeric(i.address))).toEqual(ips.map((i) => numeric(i.address)).sort((a, b) => a - b));
    const names = await walk((q) => listNetworks(owner, { ...q, projectId } as never), { sort: "name", limit: 1 });
    expect(names.map((n) => n.name)).toEqual(["a-net", "b-net"]);
    const audit = await walk((q) => listAudit(operator, q as never), { sort: "time", order: "desc", limit: 7 });
    const times = audit.map((e) => Date.parse(e.time));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(new Set(audit.map((e) => e.id)).size).toBe(audit.length);
  });

  it("numbered pages: the same rows as the cursor walk, a total under the filters, and no page with a cursor", async () => {
    const byCursor = await walk((q) => listMachines(operator, q as never), { sort: "rack", order: "desc", limit: 3 });
    const byNumber: string[] = [];
    for (let page = 1; page <= 4; page++) {
      const p = await listMachines(operator, { sort: "rack", order: "desc", limit: 3, page });
      expect(p.total).toBe(racks.length);
      byNumber.push(...p.items.map((m) => m.id));
      expect(p.nextCursor === null).toBe(page === 4);
    }
    expect(byNumber).toEqual(byCursor.map((m) => m.id));
    // Plain id order, a filter, and a page past the end.
    const r1 = await listMachines(operator, { rack: "r-1", limit: 2, page: 2 });
    expect(r1.total).toBe(racks.filter((r) => r === "r-1").length);
    expect(r1.items.map((m) => m.id)).toEqual(machineIds.filter((_, i) => racks[i] === "r-1").sort().slice(2, 4));
    expect(await listMachines(operator, { limit: 50, page: 9 })).toMatchObject({ items: [], total: racks.length, nextCursor: null });
    await expect(listMachines(operator, { sort: "rack", limit: 2, page: 2, cursor: byCursor.length ? (await listMachines(operator, { sort: "rack", limit: 2 })).nextCursor! : "" })).rejects.toBeInstanceOf(BadRequestError);
  });

  it("numbered pages count only what the caller may read", async () => {
    // The machines are free (no project): a tenant owner's count is 0, not the fleet's.
    expect(await listMachines(owner, { limit: 5, page: 1 })).toMatchObject({ items: [], total: 0 });
    const stranger = await makeUser("stranger@other", ["other-owners"]);
    const ipsPage = await listIps(stranger, { limit: 5, page: 1 } as never);
    expect(ipsPage).toMatchObject({ items: [], total: 0 });
    const nets = await listNetworks(owner, { projectId, limit: 1, page: 2, sort: "name" } as never);
    expect(nets.total).toBe(2);
    expect(nets.items.map((n) => n.name)).toEqual(["b-net"]);
    const audit1 = await listAudit(operator, { limit: 5, page: 1 } as never);
    const audit2 = await listAudit(operator, { limit: 5, page: 2 } as never);
    expect(audit1.total).toBe(audit2.total);
    expect(Number(audit1.items[4].id)).toBeGreaterThan(Number(audit2.items[0].id));
  });
});
