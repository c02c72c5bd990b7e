import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import * as eventsRoute from "@/app/api/boot/machines/[id]/events/route";
import * as registerRoute from "@/app/api/boot/register/route";
import * as waitRoute from "@/app/api/boot/machines/[id]/wait/route";
import type { RedfishBmc } from "@/lab/bmc/redfish-emulator";
import type { RestartHooks } from "@/lib/bmc/driver";
import { createBmcDriver, type DriverFactory } from "@/lib/bmc/factory";
import type { Database } from "@/lib/db/client";
import { gate } from "@/lib/test/concurrency";
import { freshDatabase, testEngines } from "@/lib/test/databases";
import { operator } from "@/lib/test/fixtures";
import { drainBmcCommands } from "../bmc/executor";
import { attachRedfishBmc, commandsOf } from "../bmc/test-support";
import { call, machineUuid, macFor, registration } from "./agent-test-support";
import { allocateMachine } from "./allocation";
import { allocation, hardware, PARTITION, setupAcmeProject, setupCatalog } from "./allocation.fixtures";
import { freeMachine } from "./allocation-release";
import { createBootCredential } from "./boot-credentials";
import { listMachines } from "./machines";

/**
 * Issue 14 (left over from issue 17): a machine freed and allocated again by id before its
 * free's reset ran. Where the agent is already in the install environment it takes the new
 * allocation at once — the late reset must not cut that fresh install off. Where it is not (the
 * old OS still runs) the reset is what brings the machine to the install, so it must still run.
 * Real routes, a real lab Redfish BMC, drains called directly.
 */
describe.each(testEngines())("the reclaim reboot of a machine allocated again by id, on %s", (engine) => {
  let database: Database;
  let cleanup: () => Promise<void>;
  let bootSecret: string;
  let projectId: string;
  let owner: Awaited<ReturnType<typeof setupAcmeProject>>["owner"];
  let bmc: RedfishBmc | undefined;

  const event = (token: string, id: string, name: string, generation?: number) =>
    call(eventsRoute.POST, { path: `/api/boot/machines/${id}/events`, token, params: { id }, body: { event: name, generation } });
  const wait = (token: string, id: string) => call(waitRoute.GET, { path: `/api/boot/machines/${id}/wait?timeoutSeconds=0`, token, params: { id } });
  const fast = { backoffMs: () => 20, maxAttempts: 3 };

  /** A registered machine with a lab BMC, its agent installing its first allocation. */
  async function installing() {
    const id = machineUuid();
    const reg = await call(registerRoute.POST, { path: "/api/boot/register", token: bootSecret, body: registration(id, { hardware: { ...hardware(), nics: [{ name: "eth0", mac: macFor(id, 0), neighbours: [] }] } }) });
    const credential = reg.body.credential as string;
    for (const e of ["Preparing", "Registering", "Waiting"]) await event(credential, id, e);
    const attached = await attachRedfishBmc(id);
    bmc = attached.bmc;
    await attached.chassis.powerOn();
    await allocateMachine(owner, allocation(projectId, { machineId: id, hostname: "first" }));
    const first = (await wait(credential, id)).body.install;
    expect((await event(credential, id, "Installing", first.generation)).status).toBe(200);
    return { id, credential, boots: attached.boots };
  }

  beforeAll(async () => {
    ({ database, cleanup } = await freshDatabase(engine));
    await setupCatalog();
    ({ projectId, owner } = await setupAcmeProject());
    bootSecret = (await createBootCredential(operator, PARTITION, { description: "test" })).secret;
  });
  afterEach(async () => {
    await bmc?.stop();
    bmc = undefined;
  });
  afterAll(async () => cleanup?.());

  it("the agent already in the install environment installs the new allocation; the free's queued reset is dropped, not sent into it", async () => {
    const m = await installing();
    await freeMachine(owner, m.id);
    await allocateMachine(owner, allocation(projectId, { machineId: m.id, hostname: "second", sshPublicKeys: [] }));
    // The agent's old install is refused as stale; it starts over from the install environment.
    for (const e of ["Preparing", "Registering"]) expect((await event(m.credential, m.id, e)).status).toBe(200);
    const second = (await wait(m.credential, m.id)).body.install;
    expect(second).toMatchObject({ hostname: "second" });
    expect((await event(m.credential, m.id, "Installing", second.generation)).status).toBe(200);

    // The workers come round to the machine only now (a busy queue).
    await drainBmcCommands(m.id, fast);
    const rows = await commandsOf(database.db, m.id);
    expect(rows.filter((r) => r.origin === "free").map((r) => [r.command, r.status])).toEqual([["identify-off", "succeeded"], ["boot-pxe", "failed"], ["power-reset", "failed"]]);
    expect(rows.find((r) => r.command === "power-reset")!.error).toMatch(/^not run: the machine's agent reported Preparing from the install environment first/);
    expect(m.boots).toHaveLength(1); // powered on once before the test; the fresh install was never reset
    // Dropped, not broken: the machine is not listed as "last BMC command failed".
    expect((await listMachines(operator, { limit: 50, issue: "bmcCommandFailed" })).items.map((x) => x.id)).not.toContain(m.id);
  });

  it("a machine that has not spoken since its free (its old OS still runs) still gets the reset that brings it to the new install", async () => {
    const m = await installing();
    await freeMachine(owner, m.id);
    await allocateMachine(owner, allocation(projectId, { machineId: m.id, hostname: "second", sshPublicKeys: [] }));
    expect(await drainBmcCommands(m.id, fast)).toEqual({ executed: 3, stopped: "idle" });
    const rows = await commandsOf(database.db, m.id);
    expect(rows.filter((r) => r.origin === "free").map((r) => [r.command, r.status])).toEqual([["identify-off", "succeeded"], ["boot-pxe", "succeeded"], ["power-reset", "succeeded"]]);
    expect(m.boots).toEqual(["pxe", "pxe"]); // reset into PXE: the agent comes up and installs "second"
  });

  it("while the reset is already on its way to the BMC, the agent gets no install until it is done", async () => {
    const m = await installing();
    await freeMachine(owner, m.id);
    await allocateMachine(owner, allocation(projectId, { machineId: m.id, hostname: "second", sshPublicKeys: [] }));
    // A worker has claimed the reset; it stalls right before sending it.
    const entered = gate();
    const release = gate();
    const driverFor: DriverFactory = (conn) => {
      const real = createBmcDriver(conn);
      return Object.assign(Object.create(real) as typeof real, {
        reset: (hooks?: RestartHooks) => real.reset({ beforeSend: async () => (entered.open(), await release.promise, await hooks?.beforeSend?.()) }),
      });
    };
    const worker = drainBmcCommands(m.id, { ...fast, driverFor });
    await entered.promise;
    // The agent speaks from the install environment: the running reset is not dropped, and the
    // install is held back — started now, the reset would cut it off.
    expect((await event(m.credential, m.id, "Preparing")).status).toBe(200);
    expect((await wait(m.credential, m.id)).body).toEqual({ allocated: false });
    release.open();
    expect(await worker).toEqual({ executed: 3, stopped: "idle" });
    expect(m.boots).toEqual(["pxe", "pxe"]);
    expect((await wait(m.credential, m.id)).body).toMatchObject({ allocated: true, install: { hostname: "second" } });
  });
});
