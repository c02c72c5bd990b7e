import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { osDir } from "@/agents/machine/disks";
import type { Actor } from "@/lib/auth/principal";
import type { Database } from "@/lib/db/client";
import { images, machineAllocations, machines, projects } from "@/lib/db/schema";
import { resetEnv } from "@/lib/env";
import { updateImage } from "@/lib/services/catalog/images";
import { allocateMachine } from "@/lib/services/machines/allocation";
import { freeMachine } from "@/lib/services/machines/allocation-release";
import { createBootCredential } from "@/lib/services/machines/boot-credentials";
import { getMachineEvents } from "@/lib/services/machines/machines";
import { createNetwork } from "@/lib/services/networks/networks";
import { seedDemo } from "@/lib/services/seed";
import { freshDatabase, testEngines } from "@/lib/test/databases";
import { makeUser, operator } from "@/lib/test/fixtures";
import { appRouteTable } from "./app-routes";
import { LAB_IMAGE_PATH, labImage } from "./image";
import { serveRoutes } from "./route-server";
import { type Lab, startLab } from "./runner";

/**
 * Issue 17 B4 with the real agent over real HTTP: a lab machine is installing its first
 * allocation (its image download held back) when it is freed and allocated again by id. No job
 * workers run, so the free's BMC reset never reaches it — the window in which its old installer
 * is still running. When the download goes on, the old installer's report is refused as stale,
 * the agent reports nothing more about that install (no Crashed), starts over and installs the
 * machine's current allocation.
 */
describe.each(testEngines())("a stale installer in the lab on %s (B4)", (engine) => {
  let database: Database;
  let cleanup: () => Promise<void>;
  let server: Awaited<ReturnType<typeof serveRoutes>>;
  let lab: Lab;
  let dataDir: string;
  let olivia: Actor;
  let projectId: string;
  const logs: string[] = [];
  let releaseImages = () => {};
  const imageGate = new Promise<void>((resolve) => (releaseImages = resolve));

  const state = async (id: string) => (await database.db.select().from(machines).where(eq(machines.id, id)))[0].provisioningState;
  const until = (id: string, wanted: string) => vi.waitFor(async () => expect(await state(id)).toBe(wanted), { timeout: 20_000, interval: 50 });
  const allocate = (machineId: string, hostname: string) => allocateMachine(olivia, {
    projectId, partitionId: "lab", machineId, image: "ubuntu-24.04", hostname, name: "", description: "", externalNetworkIds: [], sshPublicKeys: [], userdata: "", tags: [],
  });

  beforeAll(async () => {
    ({ database, cleanup } = await freshDatabase(engine));
    const routes = await appRouteTable();
    const image = routes.find(([p]) => p === LAB_IMAGE_PATH.replace("{id}", "[id]"))!;
    const serveImage = image[1].GET!;
    image[1] = { GET: async (req, ctx) => (await imageGate, serveImage(req, ctx)) };
    server = await serveRoutes(routes);
    resetEnv({ APP_URL: server.url });
    await seedDemo();
    for (const img of await database.db.select({ id: images.id }).from(images)) await updateImage(operator, img.id, { sha256: labImage(img.id).sha256 });
    const credential = await createBootCredential(operator, "lab", { description: "stale install test" });
    olivia = await makeUser("olivia@acme.example", ["acme-owners"]);
    [{ id: projectId }] = await database.db.select({ id: projects.id }).from(projects).where(eq(projects.name, "web"));
    await createNetwork(olivia, { kind: "private", projectId, partitionId: "lab", name: "web", labels: {}, description: "" });
    dataDir = await mkdtemp(path.join(os.tmpdir(), "lab-stale-"));
    lab = await startLab({
      apiUrl: server.url, partitionId: "lab", bootCredential: credential.secret, dataDir, machines: 1,
      phoneHomeIntervalSeconds: 0, heartbeatIntervalSeconds: 0, crashDelaySeconds: 0.05,
      log: () => (level, message) => logs.push(`${level}: ${message}`),
    });
  });
  afterAll(async () => {
    releaseImages();
    await lab?.stop();
    await server?.close();
    resetEnv();
    await cleanup?.();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it("refuses the old installer's report, and the agent starts over and installs the current allocation", async () => {
    const [m] = lab.machines;
    await until(m.id, "Waiting");
    await allocate(m.id, "first");
    await until(m.id, "Installing"); // its image download waits at the gate
    await freeMachine(olivia, m.id);
    await allocate(m.id, "second"); // by id: allowed in any state but LOCKED
    releaseImages();

    await until(m.id, "Phoned Home");
    const [allocation] = await database.db.select().from(machineAllocations).where(eq(machineAllocations.machineId, m.id));
    expect(allocation).toMatchObject({ hostname: "second", succeeded: true });
    expect((await readFile(path.join(osDir(m.spec.dir), "etc", "hostname"), "utf8")).trim()).toBe("second");
    expect(logs.some((l) => l.startsWith("warn:") && /install generation \d+ of ubuntu-24\.04\.\d+ is no longer this machine's/.test(l))).toBe(true);
    const history = (await getMachineEvents(operator, m.id)).items.map((e) => e.event).reverse();
    expect(history.slice(history.indexOf("Machine Reclaim"))).toEqual(["Machine Reclaim", "Preparing", "Registering", "Waiting", "Installing", "Booting New Kernel", "Phoned Home"]);
  });
});
