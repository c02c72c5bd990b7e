import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/client";
import { createNetwork } from "@/lib/services/networks/networks";
import { freshDatabase, testEngines } from "@/lib/test/databases";
import { makeProject, makeTenant, makeUser, operator } from "@/lib/test/fixtures";
import { allocateMachine } from "./allocation";
import { freeMachine } from "./allocation-release";
import { allocation, insertWaitingMachines, PARTITION, resetMachines, setupCatalog } from "./allocation.fixtures";
import { setMachineCondition } from "./machines";
import { closeMachineNotifications } from "./notify";
import { openMachineStream, openMachineStreamCount } from "./stream";

type User = Awaited<ReturnType<typeof makeUser>>;

/**
 * Tenant isolation of the live stream. "Nothing arrives" cannot be awaited, so each test ends
 * with a change the foreign tenant DOES see: notifications are delivered in order, to every
 * stream in turn, so once that one has arrived the earlier ones were decided (and withheld).
 */
describe.each(testEngines())("machine stream on %s", (engine) => {
  let database: Database;
  let cleanup: () => Promise<void>;
  let acmeProject: string;
  let globexProject: string;
  let owner: User;
  let viewer: User;
  let foreign: User;
  const closers: (() => void)[] = [];

  async function listen(actor: { principal: User["principal"] }) {
    const received: string[] = [];
    let ended = false;
    closers.push(await openMachineStream(actor, (e) => received.push("machineId" in e ? e.machineId : `switch:${e.switchId}`), () => (ended = true)));
    return { received, ended: () => ended };
  }

  /** Waits until every notification sent so far has been handled: an operator sees the marker change. */
  async function settle(ops: { received: string[] }, marker: string) {
    const seen = ops.received.length;
    await setMachineCondition(operator, marker, { condition: "TAINTED", reason: `settle ${seen}` });
    await expect.poll(() => ops.received.slice(seen).includes(marker), { timeout: 5000 }).toBe(true);
  }

  beforeAll(async () => {
    await closeMachineNotifications();
    ({ database, cleanup } = await freshDatabase(engine));
    await setupCatalog();
    acmeProject = (await makeProject((await makeTenant("acme")).id, "web")).id;
    globexProject = (await makeProject((await makeTenant("globex")).id, "app")).id;
    owner = await makeUser("owner@acme", ["acme-owners"]);
    viewer = await makeUser("viewer@acme", ["acme-viewers"]);
    foreign = await makeUser("owner@globex", ["globex-owners"]);
    await createNetwork(owner, { kind: "private", projectId: acmeProject, partitionId: PARTITION, name: "net", description: "", labels: {} });
    await createNetwork(foreign, { kind: "private", projectId: globexProject, partitionId: PARTITION, name: "net", description: "", labels: {} });
  });
  afterAll(async () => {
    await closeMachineNotifications();
    await cleanup?.();
  });
  beforeEach(async () => resetMachines(database.db));
  afterEach(() => closers.splice(0).forEach((close) => close()));

  it("sends a tenant its own machines' changes and a foreign tenant nothing about them; operators get all", async () => {
    const ids = await insertWaitingMachines(database.db, 3);
    const own = await listen(owner);
    const other = await listen(foreign);
    const ops = await listen(operator);

    const acmeMachine = await allocateMachine(owner, allocation(acmeProject));
    await expect.poll(() => own.received, { timeout: 5000 }).toEqual([acmeMachine.id]);
    const free = ids.find((id) => id !== acmeMachine.id)!;
    await setMachineCondition(operator, free, { condition: "TAINTED", reason: "flaky NIC" }); // a free machine: operators' business
    const globexMachine = await allocateMachine(foreign, allocation(globexProject));

    await expect.poll(() => other.received, { timeout: 5000 }).toEqual([globexMachine.id]);
    expect(own.received).toEqual([acmeMachine.id]);
    expect(ops.received).toEqual([acmeMachine.id, free, globexMachine.id]);
  });

  it("tells a tenant once that a machine left its project (also one freed by a colleague), then nothing more", async () => {
    const ids = await insertWaitingMachines(database.db, 2);
    const m = await allocateMachine(owner, allocation(acmeProject));
    const marker = ids.find((id) => id !== m.id)!;
    // Opened after the allocation: the stream knows the machine is readable from its snapshot.
    const colleague = await listen(viewer);
    const other = await listen(foreign);
    const ops = await listen(operator);
    expect(openMachineStreamCount()).toBe(3);
    await settle(ops, marker);
    colleague.received.length = 0; // the allocation's own notification may have arrived after opening

    await freeMachine(owner, m.id);
    await expect.poll(() => colleague.received, { timeout: 5000 }).toEqual([m.id]);
    const again = await allocateMachine(foreign, allocation(globexProject, { machineId: m.id }));
    await setMachineCondition(operator, again.id, { condition: "LOCKED", reason: "audit" });
    await expect.poll(() => other.received, { timeout: 5000 }).toEqual([m.id, m.id]);
    expect(colleague.received).toEqual([m.id]); // the machine's life in another tenant stays hidden
    await setMachineCondition(operator, again.id, { condition: "AVAILABLE", reason: "" });
  });

  it("stops sending to a closed stream and ends open streams when the listener goes away", async () => {
    await insertWaitingMachines(database.db, 2);
    const before = openMachineStreamCount();
    const kept = await listen(owner);
    const closed = await listen(owner);
    closers.pop()!();
    expect(openMachineStreamCount()).toBe(before + 1);
    const m = await allocateMachine(owner, allocation(acmeProject));
    await expect.poll(() => kept.received, { timeout: 5000 }).toEqual([m.id]);
    expect(closed.received).toEqual([]);

    await closeMachineNotifications();
    expect(kept.ended()).toBe(true);
    expect(openMachineStreamCount()).toBe(0);
    // A new stream starts a new listener.
    const fresh = await listen(owner);
    const second = await allocateMachine(owner, allocation(acmeProject));
    await expect.poll(() => fresh.received, { timeout: 5000 }).toEqual([second.id]);
  });
});
