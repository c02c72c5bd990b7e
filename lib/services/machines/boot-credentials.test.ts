import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as ipxeRoute from "@/app/api/boot/ipxe/route";
import * as imageRoute from "@/app/api/images/[id]/img.tar.lz4/route";
import * as registerRoute from "@/app/api/boot/register/route";
import * as credentialsRoute from "@/app/api/v1/partitions/[id]/boot-credentials/route";
import * as credentialRoute from "@/app/api/v1/partitions/[id]/boot-credentials/[credId]/route";
import * as meRoute from "@/app/api/v1/me/route";
import type { Database } from "@/lib/db/client";
import { auditEntries, machineProvisioning, partitionBootCredentials } from "@/lib/db/schema";
import { provisioningContainerSchema } from "@/lib/domain/lifecycle";
import { getEnv } from "@/lib/env";
import { freshDatabase, testEngines } from "@/lib/test/databases";
import { makeTenant, makeUser, operator } from "@/lib/test/fixtures";
import { createPartition } from "../catalog/partitions";
import { partitionInput } from "../catalog/test-support";
import { createToken } from "../tokens";
import { call, machineUuid, macFor, registration } from "./agent-test-support";

const inAMonth = () => new Date(Date.now() + 30 * 86_400_000);

describe.each(testEngines())("partition boot credentials, agent authentication and iPXE on %s", (engine) => {
  let database: Database;
  let cleanup: () => Promise<void>;
  let adminToken: string;
  let tenantToken: string;

  const createCred = (token: string, partition = "fra1", description = "rack rollout") =>
    call(credentialsRoute.POST, { path: `/api/v1/partitions/${partition}/boot-credentials`, token, body: { description }, params: { id: partition } });
  const listCreds = (query = "") =>
    call(credentialsRoute.GET, { path: `/api/v1/partitions/fra1/boot-credentials${query}`, token: adminToken, params: { id: "fra1" } });
  const revokeCred = (id: string) =>
    call(credentialRoute.DELETE, { method: "DELETE", path: `/api/v1/partitions/fra1/boot-credentials/${id}`, token: adminToken, params: { id: "fra1", credId: id } });
  const register = (token: string | undefined, uuid = machineUuid()) =>
    call(registerRoute.POST, { path: "/api/boot/register", token, body: registration(uuid) });
  const ipxe = (query: string) => call(ipxeRoute.GET, { path: `/api/boot/ipxe?${query}` });

  beforeAll(async () => {
    ({ database, cleanup } = await freshDatabase(engine));
    await createPartition(operator, partitionInput("fra1", { bootConfig: { kernelUrl: "http://boot.example/metal-kernel", initrdUrl: "http://boot.example/metal-initrd", commandLine: "console=ttyS1,115200n8 ip=dhcp" } }));
    await createPartition(operator, partitionInput("ams1"));
    const acme = await makeTenant("acme");
    const admin = await makeUser("admin@metal", ["metal-admins"]);
    const owner = await makeUser("owner@acme", ["acme-owners"]);
    adminToken = (await createToken(admin, { description: "ops", roles: [{ scope: "admin", role: "editor" }], expiresAt: inAMonth() })).secret;
    tenantToken = (await createToken(owner, { description: "t", roles: [{ scope: "tenant", tenantId: acme.id, role: "owner" }], expiresAt: inAMonth() })).secret;
  });
  afterAll(async () => cleanup?.());

  it("answers 404 on every boot endpoint to a request that did not come through the boot listener", async () => {
    const secret = (await createCred(adminToken)).body.secret as string;
    const viaPublic = await call(ipxeRoute.GET, { path: "/api/boot/ipxe?partition=fra1", listener: "public" });
    expect(viaPublic.status).toBe(404);
    expect(viaPublic.text).not.toContain("mbc_");
    const register = await call(registerRoute.POST, { path: "/api/boot/register", token: secret, body: registration(machineUuid()), listener: "public" });
    expect(register.status).toBe(404);
    const image = await imageRoute.GET(new Request("http://localhost:3000/api/images/ubuntu-24.04.20260401/img.tar.lz4"), { params: Promise.resolve({ id: "ubuntu-24.04.20260401" }) });
    expect(image.status).toBe(404);
    expect((await call(ipxeRoute.GET, { path: "/api/boot/ipxe?partition=fra1" })).status).toBe(200);
  });

  it("shows a new credential's secret once, lists it without, and audits it without the secret", async () => {
    const created = await createCred(adminToken);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ partitionId: "fra1", description: "rack rollout", status: "active", revokedAt: null });
    expect(created.body.secret).toMatch(/^mbc_[A-Za-z0-9_-]{43}$/);
    expect(created.body.prefix).toBe(created.body.secret.slice(0, 10));

    const list = await listCreds();
    expect(list.status).toBe(200);
    const listed = list.body.items.find((c: { id: string }) => c.id === created.body.id);
    expect(listed).toEqual({ ...created.body, secret: undefined });
    expect(list.text).not.toContain(created.body.secret);

    const [stored] = await database.db.select().from(partitionBootCredentials).where(eq(partitionBootCredentials.id, created.body.id));
    expect(stored.secretHash).toMatch(/^[0-9a-f]{64}$/);
    expect(stored.secretHash).not.toContain(created.body.secret);
    const audit = await database.db.select().from(auditEntries).where(and(eq(auditEntries.targetType, "boot-credential"), eq(auditEntries.targetId, created.body.id)));
    expect(audit.map((a) => a.action)).toEqual(["boot-credential.create"]);
    expect(JSON.stringify(audit)).not.toContain(created.body.secret);
  });

  it("lets only operators manage credentials, and only of existing partitions", async () => {
    expect((await createCred(tenantToken)).status).toBe(403);
    expect((await call(credentialsRoute.GET, { path: "/api/v1/partitions/fra1/boot-credentials", token: tenantToken, params: { id: "fra1" } })).status).toBe(403);
    expect((await createCred(adminToken, "nowhere")).status).toBe(404);
    expect((await revokeCred("no-such-credential")).status).toBe(404);
  });

  it("rotates: the new credential works, the revoked one is refused at once (401)", async () => {
    const old = (await createCred(adminToken, "fra1", "old")).body;
    expect((await register(old.secret)).status).toBe(200);
    const next = (await createCred(adminToken, "fra1", "new")).body;
    const revoked = await revokeCred(old.id);
    expect(revoked.status).toBe(200);
    expect(revoked.body).toMatchObject({ id: old.id, status: "revoked" });
    expect(revoked.body.revokedAt).not.toBeNull();
    expect((await revokeCred(old.id)).body.revokedAt).toBe(revoked.body.revokedAt);

    const refused = await register(old.secret);
    expect(refused.status).toBe(401);
    expect(refused.type).toBe("application/problem+json");
    expect((await register(next.secret)).status).toBe(200);

    const active = (await listCreds()).body.items.map((c: { id: string }) => c.id);
    expect(active).toContain(next.id);
    expect(active).not.toContain(old.id);
    expect((await listCreds("?includeRevoked=true")).body.items.map((c: { id: string }) => c.id)).toContain(old.id);
    const actions = await database.db.select({ action: auditEntries.action }).from(auditEntries).where(eq(auditEntries.targetId, old.id));
    expect(actions.map((a) => a.action).sort()).toEqual(["boot-credential.create", "boot-credential.revoke"]);
  });

  it("answers 401 problem+json to agents without a valid agent credential, user tokens included", async () => {
    const forged = [
      undefined,
      "mbc_" + "A".repeat(43),
      "mmc_" + "A".repeat(43),
      "mbc_short",
      tenantToken,
      adminToken,
    ];
    for (const token of forged) {
      const res = await register(token);
      expect(res.status, String(token)).toBe(401);
      expect(res.type).toBe("application/problem+json");
    }
    const basic = await call(registerRoute.POST, { path: "/api/boot/register", body: registration(machineUuid()), headers: { authorization: "Basic YWRtaW46YWRtaW4=" } });
    expect(basic.status).toBe(401);
  });

  it("does not accept agent credentials on /api/v1", async () => {
    const boot = (await createCred(adminToken)).body.secret;
    const machine = (await register(boot)).body.credential;
    expect(machine).toMatch(/^mmc_/);
    for (const token of [boot, machine]) {
      const res = await call(meRoute.GET, { path: "/api/v1/me", token });
      expect(res.status).toBe(401);
      expect(res.type).toBe("application/problem+json");
    }
  });

  it("serves an iPXE script with the partition's kernel, command line and its iPXE credential", async () => {
    const res = await ipxe("partition=fra1");
    expect(res.status).toBe(200);
    expect(res.type).toMatch(/^text\/plain/);
    const lines = res.text.trim().split("\n");
    expect(lines[0]).toBe("#!ipxe");
    const kernel = lines.find((l) => l.startsWith("kernel "))!;
    const secret = /METAL_BOOT_CREDENTIAL=(mbc_[A-Za-z0-9_-]{43})(\s|$)/.exec(kernel)?.[1];
    expect(kernel).toContain("kernel http://boot.example/metal-kernel ");
    expect(kernel).toContain(" console=ttyS1,115200n8 ip=dhcp ");
    expect(kernel).toContain(` METAL_API_URL=${getEnv().boot.url} `);
    expect(kernel).toContain(" METAL_PARTITION=fra1 ");
    expect(secret).toBeDefined();
    expect(lines).toContain("initrd --name initrd http://boot.example/metal-initrd");
    expect(lines.at(-1)).toBe("boot");

    // The same credential on every boot, and it is a real one: the agent can register with it.
    expect((await ipxe("partition=fra1")).text).toBe(res.text);
    expect((await register(secret)).status).toBe(200);
    const ipxeCreds = (await listCreds()).body.items.filter((c: { description: string }) => c.description === "ipxe");
    expect(ipxeCreds).toHaveLength(1);

    // Rotation: revoke it, and the next script carries a new one.
    await revokeCred(ipxeCreds[0].id);
    const rotated = await ipxe("partition=fra1");
    expect(rotated.text).not.toContain(secret);
    expect((await register(secret)).status).toBe(401);
    expect((await ipxe("partition=nowhere")).status).toBe(404);
    expect((await ipxe("")).status).toBe(422);
  });

  it("records PXE Booting for a known machine's MAC, in any spelling, and nothing for strangers", async () => {
    const boot = (await createCred(adminToken)).body.secret;
    const uuid = machineUuid();
    expect((await register(boot, uuid)).status).toBe(200);
    const mac = macFor(uuid, 1);
    const res = await ipxe(`partition=fra1&mac=${mac.toUpperCase().replaceAll(":", "-")}`);
    expect(res.status).toBe(200);
    const container = async () => {
      const [row] = await database.db.select().from(machineProvisioning).where(eq(machineProvisioning.machineId, uuid));
      return provisioningContainerSchema.parse(row.container);
    };
    expect((await container()).state).toBe("PXE Booting");
    expect((await container()).events).toHaveLength(1);
    // In another partition the MAC means nothing; an unknown MAC just gets the script.
    expect((await ipxe(`partition=ams1&mac=${mac}`)).status).toBe(200);
    expect((await ipxe("partition=fra1&mac=52:54:ff:ff:ff:ff")).status).toBe(200);
    expect((await container()).events).toHaveLength(1);
    expect((await ipxe("partition=fra1&mac=not-a-mac")).status).toBe(422);
  });
});
