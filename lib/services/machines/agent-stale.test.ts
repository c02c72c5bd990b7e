import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as eventsRoute from "@/app/api/boot/machines/[id]/events/route";
import * as registerRoute from "@/app/api/boot/register/route";
import * as reportRoute from "@/app/api/boot/machines/[id]/report/route";
import * as waitRoute from "@/app/api/boot/machines/[id]/wait/route";
import type { Database } from "@/lib/db/client";
import { machineAllocations, machineProvisioning, type BootInfo } from "@/lib/db/schema";
import { provisioningContainerSchema } from "@/lib/domain/lifecycle";
import { freshDatabase, testEngines } from "@/lib/test/databases";
import { operator } from "@/lib/test/fixtures";
import { call, machineUuid, macFor, registration } from "./agent-test-support";
import { allocateMachine } from "./allocation";
import { allocation, hardware, PARTITION, setupAcmeProject, setupCatalog } from "./allocation.fixtures";
import { reinstallMachine } from "./allocation-reinstall";
import { freeMachine } from "./allocation-release";
import { createBootCredential } from "./boot-credentials";

/**
 * Issue 17 B4: agent messages about an install name it (its generation) and are refused when
 * it is no longer the machine's. Through the real routes and the real allocate/free/reinstall.
 */
const bootInfo = (kernel: string): BootInfo => ({ primaryDisk: "/dev/sda", osPartition: "/dev/sda2", kernel, initrd: "/boot/initrd.img", cmdline: "root=/dev/sda2", bootloaderId: "ubuntu" });

describe.each(testEngines())("messages of a stale install on %s (B4)", (engine) => {
  let database: Database;
  let cleanup: () => Promise<void>;
  let bootSecret: string;
  let projectId: string;
  let owner: Awaited<ReturnType<typeof setupAcmeProject>>["owner"];

  const event = (token: string, id: string, event: string, generation?: number) =>
    call(eventsRoute.POST, { path: `/api/boot/machines/${id}/events`, token, params: { id }, body: { event, generation } });
  const wait = (token: string, id: string) => call(waitRoute.GET, { path: `/api/boot/machines/${id}/wait?timeoutSeconds=0`, token, params: { id } });
  const report = (token: string, id: string, body: unknown) => call(reportRoute.POST, { path: `/api/boot/machines/${id}/report`, token, params: { id }, body });
  const allocationRow = async (id: string) => (await database.db.select().from(machineAllocations).where(eq(machineAllocations.machineId, id)))[0];
  const lastEvents = async (id: string, n: number) => {
    const [row] = await database.db.select().from(machineProvisioning).where(eq(machineProvisioning.machineId, id));
    return provisioningContainerSchema.parse(row.container).events.slice(0, n).map((e) => e.event);
  };

  /** A registered machine of size c1-large, its agent past Waiting and installing its first allocation. */
  const installing = async () => {
    const id = machineUuid();
    const reg = await call(registerRoute.POST, { path: "/api/boot/register", token: bootSecret, body: registration(id, { hardware: { ...hardware(), nics: [{ name: "eth0", mac: macFor(id, 0), neighbours: [] }] } }) });
    expect(reg.body).toMatchObject({ sizeId: "c1-large" });
    const m = { id, credential: reg.body.credential as string };
    for (const e of ["Preparing", "Registering", "Waiting"]) await event(m.credential, id, e);
    await allocateMachine(owner, allocation(projectId, { machineId: id, hostname: "first" }));
    const install = (await wait(m.credential, id)).body.install;
    expect((await event(m.credential, id, "Installing", install.generation)).status).toBe(200);
    return { m, first: install.generation as number };
  };

  beforeAll(async () => {
    ({ database, cleanup } = await freshDatabase(engine));
    await setupCatalog();
    ({ projectId, owner } = await setupAcmeProject());
    bootSecret = (await createBootCredential(operator, PARTITION, { description: "test" })).secret;
  });
  afterAll(async () => cleanup?.());

  it("an installer of a freed allocation cannot report success onto the machine's next allocation", async () => {
    const { m, first } = await installing();
    // Freed and allocated again (by id, allowed in any state) before the BMC's reset reached it.
    await freeMachine(owner, m.id);
    await allocateMachine(owner, allocation(projectId, { machineId: m.id, hostname: "second", sshPublicKeys: [] }));
    const second = (await wait(m.credential, m.id)).body.install;
    expect(second).toMatchObject({ hostname: "second" });

    // The old installer finishes: the new allocation must not count as installed with the old OS.
    const stale = await report(m.credential, m.id, { success: true, generation: first, bootInfo: bootInfo("/boot/vmlinuz-first") });
    expect(await allocationRow(m.id)).toMatchObject({ hostname: "second", succeeded: false, bootInfo: null });
    expect(stale.body).toMatchObject({ status: 409, code: "stale_allocation", current: second.generation });
    expect(second.generation).not.toBe(first);
    expect((await wait(m.credential, m.id)).body).toMatchObject({ allocated: true, install: { hostname: "second", generation: second.generation } });
    // Its other messages about the old install are refused too, and leave no trace in the history.
    const history = await lastEvents(m.id, 3);
    expect((await event(m.credential, m.id, "Booting New Kernel", first)).body).toMatchObject({ status: 409, code: "stale_allocation" });
    expect((await event(m.credential, m.id, "Crashed", first)).body).toMatchObject({ status: 409, code: "stale_allocation" });
    expect((await report(m.credential, m.id, { success: false, generation: first, message: "disk vanished" })).body).toMatchObject({ status: 409, code: "stale_allocation" });
    expect(await lastEvents(m.id, 3)).toEqual(history);

    // The current install's messages go through.
    expect((await event(m.credential, m.id, "Installing", second.generation)).status).toBe(200);
    expect((await report(m.credential, m.id, { success: true, generation: second.generation, bootInfo: bootInfo("/boot/vmlinuz-second") })).status).toBe(200);
    expect(await allocationRow(m.id)).toMatchObject({ hostname: "second", succeeded: true, bootInfo: bootInfo("/boot/vmlinuz-second") });
  });

  it("a first install still running when a reinstall is asked for cannot end the reinstall", async () => {
    const { m, first } = await installing();
    await reinstallMachine(owner, m.id, { image: "ubuntu-24.04" });
    const reinstall = (await wait(m.credential, m.id)).body.install;
    expect(reinstall).toMatchObject({ reinstall: true });
    const stale = await report(m.credential, m.id, { success: true, generation: first, bootInfo: bootInfo("/boot/vmlinuz-first") });
    expect(await allocationRow(m.id)).toMatchObject({ reinstall: true, succeeded: false });
    expect(stale.body).toMatchObject({ status: 409, code: "stale_allocation" });
    expect(reinstall.generation).not.toBe(first);
    expect((await report(m.credential, m.id, { success: true, generation: reinstall.generation, bootInfo: bootInfo("/boot/vmlinuz-re") })).status).toBe(200);
    expect(await allocationRow(m.id)).toMatchObject({ reinstall: false, succeeded: true, bootInfo: bootInfo("/boot/vmlinuz-re") });
  });
});
