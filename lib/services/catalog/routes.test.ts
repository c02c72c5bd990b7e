import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as partitionsRoute from "@/app/api/v1/partitions/route";
import * as capacityRoute from "@/app/api/v1/partitions/[id]/capacity/route";
import * as sizesRoute from "@/app/api/v1/sizes/route";
import * as sizeRoute from "@/app/api/v1/sizes/[id]/route";
import * as suggestRoute from "@/app/api/v1/sizes/suggest/route";
import * as imagesRoute from "@/app/api/v1/images/route";
import * as layoutsRoute from "@/app/api/v1/filesystem-layouts/route";
import * as tryRoute from "@/app/api/v1/filesystem-layouts/try/route";
import * as reservationsRoute from "@/app/api/v1/size-reservations/route";
import * as reservationRoute from "@/app/api/v1/size-reservations/[id]/route";
import * as constraintRoute from "@/app/api/v1/size-image-constraints/[id]/route";
import { catalogEndpoints } from "@/lib/contracts/endpoints-catalog";
import { epycServer } from "@/lib/domain/catalog/size.fixtures";
import { freshDatabase, testEngines } from "@/lib/test/databases";
import { makeProject, makeTenant, makeUser } from "@/lib/test/fixtures";
import { createToken } from "../tokens";

/** The catalog API as a client sees it: zod and domain errors alike name "body.<field>". */
const ctx = (params: Record<string, string> = {}) => ({ params: Promise.resolve(params) });
const url = (p: string) => `http://localhost:3000${p}`;
const inAMonth = () => new Date(Date.now() + 30 * 86_400_000);
type Handler = (req: Request, route: ReturnType<typeof ctx>) => Promise<Response>;

describe.each(testEngines())("catalog API routes on %s", (engine) => {
  let cleanup: () => Promise<void>;
  let operatorToken: string;
  let tenantToken: string;
  let foreignToken: string;
  let acmeProjectId: string;

  const call = async (handler: Handler, token: string, method: string, p: string, body?: unknown, params: Record<string, string> = {}) => {
    const headers: Record<string, string> = { authorization: `Bearer ${token}` };
    if (body !== undefined) headers["content-type"] = "application/json";
    const res = await handler(new Request(url(p), { method, headers, body: body === undefined ? undefined : JSON.stringify(body) }), ctx(params));
    return { status: res.status, body: res.status === 204 ? null : await res.json() };
  };
  const fieldsOf = (body: { errors?: { field: string }[] }) => [...new Set((body.errors ?? []).map((e) => e.field))].sort();

  beforeAll(async () => {
    ({ cleanup } = await freshDatabase(engine));
    const acme = await makeTenant("acme");
    const globex = await makeTenant("globex");
    acmeProjectId = (await makeProject(acme.id, "web")).id;
    const admin = await makeUser("admin@metal", ["metal-admins"]);
    const owner = await makeUser("owner@acme", ["acme-owners"]);
    const other = await makeUser("owner@globex", ["globex-owners"]);
    operatorToken = (await createToken(admin, { description: "ops", roles: [{ scope: "admin", role: "editor" }], expiresAt: inAMonth() })).secret;
    tenantToken = (await createToken(owner, { description: "t", roles: [{ scope: "tenant", tenantId: acme.id, role: "owner" }], expiresAt: inAMonth() })).secret;
    foreignToken = (await createToken(other, { description: "t", roles: [{ scope: "tenant", tenantId: globex.id, role: "owner" }], expiresAt: inAMonth() })).secret;
  });
  afterAll(async () => cleanup?.());

  it("has a route file exporting the method of every catalog endpoint", () => {
    for (const def of Object.values(catalogEndpoints)) {
      const file = path.join("app", def.path.replace(/\{(\w+)\}/g, "[$1]"), "route.ts");
      expect(fs.readFileSync(file, "utf8"), file).toContain(`export const ${def.method} = withApi(endpoints.`);
    }
  });

  it("names invalid URLs on partitions", async () => {
    const bad = await call(partitionsRoute.POST, operatorToken, "POST", "/api/v1/partitions", {
      id: "fra1", bootConfig: { kernelUrl: "ftp://x/kernel", initrdUrl: "not a url" }, dnsServers: ["1.1.1.999"],
    });
    expect(bad.status).toBe(422);
    expect(fieldsOf(bad.body)).toEqual(["body.bootConfig.initrdUrl", "body.bootConfig.kernelUrl", "body.dnsServers.0"]);
    const ok = await call(partitionsRoute.POST, operatorToken, "POST", "/api/v1/partitions", {
      id: "fra1", bootConfig: { kernelUrl: "http://localhost:3000/api/boot/kernel", initrdUrl: "http://localhost:3000/api/boot/initrd" },
    });
    expect(ok.status).toBe(201);
  });

  it("names negative values (zod) and min > max or a bad glob (domain) alike", async () => {
    const negative = await call(sizesRoute.POST, operatorToken, "POST", "/api/v1/sizes", { id: "c1-x", constraints: [{ type: "cores", min: -1, max: 4 }] });
    expect(negative.status).toBe(422);
    expect(fieldsOf(negative.body)).toEqual(["body.constraints.0.min"]);
    const semantic = await call(sizesRoute.POST, operatorToken, "POST", "/api/v1/sizes", {
      id: "c1-x", constraints: [{ type: "cores", min: 8, max: 4 }, { type: "storage", min: 0, max: 1, identifier: "/dev/sd[a" }],
    });
    expect(semantic.status).toBe(422);
    expect(fieldsOf(semantic.body)).toEqual(["body.constraints.0.max", "body.constraints.1.identifier"]);
    const ok = await call(sizesRoute.POST, operatorToken, "POST", "/api/v1/sizes", { id: "c1-large-x86", constraints: [{ type: "cores", min: 32, max: 64 }, { type: "memory", min: 0, max: 2 ** 40 }, { type: "storage", min: 0, max: 10 ** 13 }] });
    expect(ok.status).toBe(201);
    const overlap = await call(sizesRoute.POST, operatorToken, "POST", "/api/v1/sizes", { id: "c1-other", constraints: [{ type: "cores", min: 60, max: 80 }] });
    expect(overlap).toMatchObject({ status: 409, body: { code: "size_overlap", otherSize: "c1-large-x86" } });
  });

  it("names a bad sha256 and image id", async () => {
    const bad = await call(imagesRoute.POST, operatorToken, "POST", "/api/v1/images", {
      id: "ubuntu-24.04.20261340", url: "https://images.example/u.tar", sha256: "ABC", features: ["machine"],
    });
    expect(bad.status).toBe(422);
    expect(fieldsOf(bad.body)).toEqual(["body.sha256"]);
    const badDate = await call(imagesRoute.POST, operatorToken, "POST", "/api/v1/images", {
      id: "ubuntu-24.04.20261340", url: "https://images.example/u.tar", sha256: "a".repeat(64), features: ["machine"],
    });
    expect(badDate).toMatchObject({ status: 422, body: { errors: [{ field: "body.id" }] } });
    const ok = await call(imagesRoute.POST, operatorToken, "POST", "/api/v1/images", {
      id: "ubuntu-24.04.20260101", url: "https://images.example/u.tar", sha256: "a".repeat(64), features: ["machine"],
    });
    expect(ok).toMatchObject({ status: 201, body: { os: "ubuntu", version: "24.4.20260101", expired: false } });
  });

  it("names a bad semver range and a missing device on layouts, and tries the match", async () => {
    const layout = (images: Record<string, string>, device = "/dev/sda1") => ({
      id: "simple",
      disks: [{ device: "/dev/sda", partitions: [{ number: 1, label: "root", sizeMiB: 0 }] }],
      filesystems: [{ path: "/", device, format: "ext4" }],
      constraints: { sizes: ["c1-large-x86"], images },
    });
    const bad = await call(layoutsRoute.POST, operatorToken, "POST", "/api/v1/filesystem-layouts", layout({ ubuntu: "~>>24" }, "/dev/sdb1"));
    expect(bad.status).toBe(422);
    expect(fieldsOf(bad.body)).toEqual(["body.constraints.images.ubuntu", "body.filesystems.0.device"]);
    expect((await call(layoutsRoute.POST, operatorToken, "POST", "/api/v1/filesystem-layouts", layout({ ubuntu: ">= 24.04" }))).status).toBe(201);
    const tried = await call(tryRoute.POST, tenantToken, "POST", "/api/v1/filesystem-layouts/try", { size: "c1-large-x86", image: "ubuntu-24.04" });
    expect(tried).toEqual({ status: 200, body: { layoutId: "simple", imageId: "ubuntu-24.04.20260101" } });
  });

  it("lets tenants read the catalog, suggest and see capacity, but answers 403 to their writes", async () => {
    const list = await call(sizesRoute.GET, tenantToken, "GET", "/api/v1/sizes?limit=10");
    expect(list.status).toBe(200);
    expect(list.body.items.map((s: { id: string }) => s.id)).toEqual(["c1-large-x86"]);
    expect((await call(sizesRoute.POST, tenantToken, "POST", "/api/v1/sizes", { id: "mine", constraints: [{ type: "cores", min: 1, max: 1 }] })).status).toBe(403);
    expect((await call(sizeRoute.DELETE, tenantToken, "DELETE", "/api/v1/sizes/c1-large-x86", undefined, { id: "c1-large-x86" })).status).toBe(403);
    expect((await call(constraintRoute.PUT, tenantToken, "PUT", "/api/v1/size-image-constraints/c1-large-x86", { images: {} }, { id: "c1-large-x86" })).status).toBe(403);
    const suggestion = await call(suggestRoute.POST, tenantToken, "POST", "/api/v1/sizes/suggest", { hardware: epycServer });
    expect(suggestion).toMatchObject({ status: 200, body: { match: { kind: "match", sizeId: "c1-large-x86" } } });
    const capacity = await call(capacityRoute.GET, tenantToken, "GET", "/api/v1/partitions/fra1/capacity", undefined, { id: "fra1" });
    expect(capacity).toEqual({ status: 200, body: { partitionId: "fra1", sizes: [] } });
  });

  it("hides a project's reservation from a foreign tenant (404, empty list)", async () => {
    const created = await call(reservationsRoute.POST, operatorToken, "POST", "/api/v1/size-reservations", {
      sizeId: "c1-large-x86", projectId: acmeProjectId, partitionIds: ["fra1"], amount: 2,
    });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    expect((await call(reservationRoute.GET, tenantToken, "GET", `/api/v1/size-reservations/${id}`, undefined, { id })).status).toBe(200);
    expect((await call(reservationRoute.GET, foreignToken, "GET", `/api/v1/size-reservations/${id}`, undefined, { id })).status).toBe(404);
    const foreignList = await call(reservationsRoute.GET, foreignToken, "GET", "/api/v1/size-reservations");
    expect(foreignList.body.items).toEqual([]);
    const missingProject = await call(reservationsRoute.POST, operatorToken, "POST", "/api/v1/size-reservations", {
      sizeId: "c1-large-x86", projectId: "nope", partitionIds: ["fra1"], amount: 2,
    });
    expect(missingProject).toMatchObject({ status: 422, body: { errors: [{ field: "body.projectId" }] } });
  });
});
