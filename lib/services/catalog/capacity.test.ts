import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/client";
import { freshDatabase, testEngines } from "@/lib/test/databases";
import { makeProject, makeTenant, makeUser, operator } from "@/lib/test/fixtures";
import { getPartitionCapacity } from "./capacity";
import { createPartition } from "./partitions";
import { createReservation } from "./size-reservations";
import { createSize } from "./sizes";
import { insertMachine, partitionInput, rejects, sizeInput, type MachineInput } from "./test-support";

describe.each(testEngines())("partition capacity on %s", (engine) => {
  let database: Database;
  let cleanup: () => Promise<void>;
  beforeAll(async () => ({ database, cleanup } = await freshDatabase(engine)));
  afterAll(async () => cleanup?.());

  it("puts every machine in exactly one bucket and never counts locked or tainted machines as free", async () => {
    await createPartition(operator, partitionInput("cap"));
    await createPartition(operator, partitionInput("elsewhere"));
    await createSize(operator, sizeInput("c1-small", [8, 16]));
    await createSize(operator, sizeInput("c1-large", [32, 64]));
    await createSize(operator, sizeInput("c1-reserved-only", [100, 200]));
    const tenant = await makeTenant("acme");
    const a = await makeProject(tenant.id, "a");
    const b = await makeProject(tenant.id, "b");
    const c = await makeProject(tenant.id, "c");

    const small = (m: Partial<MachineInput> = {}) => insertMachine(database.db, { partitionId: "cap", sizeId: "c1-small", ...m });
    // allocated, whatever their health: a project holds them
    await small({ projectId: a.id, provisioningState: "Phoned Home" });
    await small({ projectId: a.id, condition: "LOCKED", liveliness: "Unknown", provisioningState: "Phoned Home" });
    // waiting: unallocated, AVAILABLE, Alive, Waiting
    for (let i = 0; i < 3; i++) await small();
    // unavailable
    await small({ condition: "LOCKED" });
    await small({ condition: "TAINTED" });
    await small({ liveliness: "Dead" });
    await small({ liveliness: "Unknown" });
    await small({ condition: "LOCKED", crashLoop: true }); // locked wins over faulty
    // faulty
    await small({ crashLoop: true, provisioningState: "Crashed" });
    await small({ failedReclaim: true, provisioningState: "Phoned Home" });
    await small({ crashLoop: true }); // a crash-looping machine is not free even while Waiting
    // other: transitional states
    await small({ provisioningState: "Registering" });
    await small({ provisioningState: "Machine Reclaim" });
    await small({ provisioningState: "Initial" });
    // left out: no size, or another partition
    await insertMachine(database.db, { partitionId: "cap", sizeId: null });
    await insertMachine(database.db, { partitionId: "elsewhere", sizeId: "c1-small", projectId: a.id });
    await insertMachine(database.db, { partitionId: "elsewhere", sizeId: "c1-small" });
    // another size: all waiting
    for (let i = 0; i < 2; i++) await insertMachine(database.db, { partitionId: "cap", sizeId: "c1-large" });

    // a holds 2 of its 3 here (its machine elsewhere does not count), b none of its 1,
    // c reserves elsewhere only; c1-reserved-only has a reservation but no machine.
    await createReservation(operator, { sizeId: "c1-small", projectId: a.id, partitionIds: ["cap", "elsewhere"], amount: 3, description: "" });
    await createReservation(operator, { sizeId: "c1-small", projectId: b.id, partitionIds: ["cap"], amount: 1, description: "" });
    await createReservation(operator, { sizeId: "c1-small", projectId: c.id, partitionIds: ["elsewhere"], amount: 5, description: "" });
    await createReservation(operator, { sizeId: "c1-reserved-only", projectId: c.id, partitionIds: ["cap"], amount: 4, description: "" });

    const viewer = await makeUser("viewer@acme", ["acme-viewers"]);
    const capacity = await getPartitionCapacity(viewer, "cap");
    expect(capacity).toEqual({
      partitionId: "cap",
      sizes: [
        { sizeId: "c1-large", total: 2, allocated: 0, waiting: 2, reserved: 0, free: 2, unavailable: 0, faulty: 0, other: 0 },
        { sizeId: "c1-reserved-only", total: 0, allocated: 0, waiting: 0, reserved: 4, free: 0, unavailable: 0, faulty: 0, other: 0 },
        { sizeId: "c1-small", total: 16, allocated: 2, waiting: 3, reserved: 2, free: 1, unavailable: 5, faulty: 3, other: 3 },
      ],
    });
    for (const s of capacity.sizes) expect(s.allocated + s.waiting + s.unavailable + s.faulty + s.other).toBe(s.total);
  });

  it("sums several reservations of one project before subtracting what it holds", async () => {
    const tenant = await makeTenant("twice");
    const p = await makeProject(tenant.id, "p");
    await createPartition(operator, partitionInput("cap2"));
    for (let i = 0; i < 3; i++) await insertMachine(database.db, { partitionId: "cap2", sizeId: "c1-large", projectId: p.id });
    await insertMachine(database.db, { partitionId: "cap2", sizeId: "c1-large" });
    await createReservation(operator, { sizeId: "c1-large", projectId: p.id, partitionIds: ["cap2"], amount: 2, description: "" });
    await createReservation(operator, { sizeId: "c1-large", projectId: p.id, partitionIds: ["cap2"], amount: 2, description: "" });
    const [large] = (await getPartitionCapacity(operator, "cap2")).sizes;
    expect(large).toMatchObject({ total: 4, allocated: 3, waiting: 1, reserved: 1, free: 0 });
  });

  it("answers 404 for an unknown partition", async () => {
    expect(await rejects(getPartitionCapacity(operator, "nowhere"))).toMatchObject({ status: 404 });
  });
});
