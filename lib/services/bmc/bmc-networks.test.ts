import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as registerRoute from "@/app/api/boot/register/route";
import * as approveRoute from "@/app/api/v1/admin/machines/[id]/bmc/approve/route";
import type { Database } from "@/lib/db/client";
import { auditEntries } from "@/lib/db/schema";
import { freshDatabase, testEngines } from "@/lib/test/databases";
import { makeTenant, makeUser, operator } from "@/lib/test/fixtures";
import { createPartition, updatePartition } from "../catalog/partitions";
import { partitionInput } from "../catalog/test-support";
import { call, machineUuid, registration } from "../machines/agent-test-support";
import { createBootCredential } from "../machines/boot-credentials";
import { listMachines } from "../machines/machines";
import { createToken } from "../tokens";
import { inTx } from "../tx";
import { approveBmcAddress } from "./bmc-networks";
import { enqueueBmcCommands } from "./commands";
import { drainBmcCommands } from "./executor";
import { pollDueBmcs } from "./poller";
import { getMachineBmc, updateMachineBmc } from "./records";
import { commandsOf } from "./test-support";

/**
 * Issue 10 item 3 (server-side request forgery): a registering machine names its BMC's address,
 * and the control plane used to contact whatever it named within seconds. Now an address outside
 * the partition's bmcNetworks is stored but not contacted — no poll, no command — until an
 * operator approves or corrects it. The "BMC" here is a plain HTTP server counting requests.
 */
describe.each(testEngines())("BMC addresses only inside the partition's BMC networks (%s)", (engine) => {
  let database: Database;
  let cleanup: () => Promise<void>;
  let victim: Server;
  let victimUrl: string;
  let requests: string[];
  let bootSecret: string;

  const credentials = new Map<string, string>();
  /** Registers (again, with the machine's own credential) reporting this BMC address. */
  const register = async (bmcAddress: string, uuid = machineUuid()) => {
    const token = credentials.get(uuid) ?? bootSecret;
    const res = await call(registerRoute.POST, { path: "/api/boot/register", token, body: registration(uuid, { bmc: { address: bmcAddress, protocol: "redfish", user: "admin", password: "pw" } }) });
    expect(res.status, res.text).toBe(200);
    credentials.set(uuid, res.body.credential);
    return uuid;
  };
  const issueList = async () => (await listMachines(operator, { limit: 100, issue: "bmcOutsideNetworks" })).items.map((m) => m.id);

  beforeAll(async () => {
    ({ database, cleanup } = await freshDatabase(engine));
    requests = [];
    victim = createServer((req, res) => {
      requests.push(`${req.method} ${req.url}`);
      res.writeHead(404).end();
    });
    await new Promise<void>((r) => victim.listen(0, "127.0.0.1", r));
    victimUrl = `http://127.0.0.1:${(victim.address() as AddressInfo).port}`;
    await createPartition(operator, partitionInput("dc1", { bmcNetworks: ["10.20.0.0/16"] }));
    bootSecret = (await createBootCredential(operator, "dc1", { description: "test" })).secret;
  });
  afterAll(async () => {
    await new Promise<void>((r) => victim.close(() => r()));
    await cleanup?.();
  });

  it("stores a reported address outside the networks but never contacts it: no poll, no command; the machine shows the issue", async () => {
    const id = await register(victimUrl);
    const polled = await pollDueBmcs({ timeoutMs: 2000 });
    expect(polled.polled).toBe(0);
    await inTx(undefined, (t) => enqueueBmcCommands(t, id, [{ command: "power-on" }], "user", operator));
    await drainBmcCommands(id, { maxAttempts: 1 });
    const [command] = await commandsOf(database.db, id);
    expect(command).toMatchObject({ status: "failed", error: expect.stringContaining("outside the partition's BMC networks") });
    expect(requests).toEqual([]);
    expect(await issueList()).toEqual([id]);
    expect(await getMachineBmc(operator, id)).toMatchObject({ notContacted: true, connection: { address: victimUrl } });
  });

  it("contacts the address once an operator approves it (audited); a tenant cannot approve", async () => {
    const id = await register(victimUrl);
    const tenant = await makeTenant(`t-${id.slice(-4)}`);
    const owner = await makeUser(`owner@${id.slice(-4)}`, [`t-${id.slice(-4)}-owners`]);
    const token = (await createToken(owner, { description: "t", roles: [{ scope: "tenant", tenantId: tenant.id, role: "owner" }], expiresAt: new Date(Date.now() + 86_400_000) })).secret;
    expect((await call(approveRoute.POST, { method: "POST", path: `/api/v1/admin/machines/${id}/bmc/approve`, token, params: { id } })).status).toBe(404);
    const approved = await approveBmcAddress(operator, id);
    expect(approved.notContacted).toBe(false);
    expect(await issueList()).not.toContain(id);
    await pollDueBmcs({ timeoutMs: 2000 });
    expect(requests.some((r) => r.startsWith("GET /redfish/v1"))).toBe(true);
    const [entry] = await database.db.select().from(auditEntries).where(and(eq(auditEntries.action, "machine.bmc.approve"), eq(auditEntries.targetId, id)));
    expect(entry.after).toEqual({ address: victimUrl, approvedAddress: victimUrl });
  });

  it("needs a new approval when the machine reports another outside address; an operator's correction counts as one", async () => {
    const id = await register(victimUrl);
    await approveBmcAddress(operator, id);
    await register(`${victimUrl}/other`, id);
    expect((await getMachineBmc(operator, id)).notContacted).toBe(true);
    await updateMachineBmc(operator, id, { address: "10.20.0.9:623", protocol: "ipmi" });
    expect((await getMachineBmc(operator, id)).notContacted).toBe(false);
  });

  it("follows the partition's networks: widening them lets the BMCs inside be contacted at once", async () => {
    const id = await register(victimUrl);
    expect(await issueList()).toContain(id);
    await updatePartition(operator, "dc1", { bmcNetworks: ["10.20.0.0/16", "127.0.0.0/8"] });
    expect(await issueList()).toEqual([]);
    await updatePartition(operator, "dc1", { bmcNetworks: [] });
    expect(await issueList()).toContain(id);
  });
});
