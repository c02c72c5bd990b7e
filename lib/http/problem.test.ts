import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ConflictError, NotFoundError, ValidationError } from "./errors";
import { fieldErrors, isDatabaseUnavailable, problemResponse, retryAfter, toProblem } from "./problem";

describe("problem+json mapping", () => {
  it("maps typed errors to their status and stable code", () => {
    expect(toProblem(new NotFoundError("Project", "p1"), "r1", "/api/v1/projects/p1")).toMatchObject({
      status: 404, code: "not_found", detail: "Project p1 was not found.", requestId: "r1", instance: "/api/v1/projects/p1",
    });
    const v = toProblem(new ValidationError([{ field: "name", message: "is required" }]));
    expect(v).toMatchObject({ status: 422, code: "validation_failed", errors: [{ field: "name", message: "is required" }] });
    expect(toProblem(new ConflictError("taken", "already_exists")).status).toBe(409);
  });

  it("translates Postgres errors by SQLSTATE, also when wrapped", () => {
    const pgErr = Object.assign(new Error("duplicate key value violates unique constraint"), { code: "23505", constraint: "projects_tenant_name_key" });
    const wrapped = Object.assign(new Error("Failed query: insert …"), { cause: pgErr });
    expect(toProblem(wrapped)).toMatchObject({ status: 409, code: "already_exists", constraint: "projects_tenant_name_key" });
    expect(toProblem(Object.assign(new Error("x"), { code: "40001" })).status).toBe(503);
  });

  it("answers a database outage as 503 database_unavailable with Retry-After, never as a 500", () => {
    const outages = [
      Object.assign(new Error("terminating connection due to administrator command"), { code: "57P01" }),
      Object.assign(new Error("the database system is shutting down"), { code: "57P02" }),
      Object.assign(new Error("the database system is starting up"), { code: "57P03" }),
      Object.assign(new Error("connection failure"), { code: "08006" }),
      Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" }),
      new Error("Connection terminated unexpectedly"),
      new Error("timeout exceeded when trying to connect"),
      new AggregateError([Object.assign(new Error("a"), { code: "ECONNREFUSED" }), Object.assign(new Error("b"), { code: "ECONNREFUSED" })]),
    ];
    for (const err of outages) {
      const wrapped = Object.assign(new Error("Failed query: select …"), { cause: err });
      expect(isDatabaseUnavailable(wrapped)).toBe(true);
      const p = toProblem(wrapped, "r1");
      expect(p).toMatchObject({ status: 503, code: "database_unavailable" });
      expect(JSON.stringify(p)).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|terminat/);
      expect(retryAfter(wrapped)).toBeGreaterThan(0);
    }
    // Not an outage: a bug stays a 500, a constraint stays a 409.
    expect(isDatabaseUnavailable(new TypeError("x is undefined"))).toBe(false);
    expect(isDatabaseUnavailable(Object.assign(new Error("dup"), { code: "23505" }))).toBe(false);
    expect(isDatabaseUnavailable(new AggregateError([new Error("a"), Object.assign(new Error("b"), { code: "ECONNREFUSED" })]))).toBe(false);
  });

  it("never leaks internals of unexpected errors", () => {
    const p = toProblem(new Error("connect ECONNREFUSED 10.0.0.5:5432 password=hunter2"), "r9");
    expect(p).toMatchObject({ status: 500, code: "internal_error", requestId: "r9" });
    expect(JSON.stringify(p)).not.toMatch(/ECONNREFUSED|hunter2|at /);
  });

  it("names each invalid field with its path", () => {
    const r = z.object({ roles: z.array(z.object({ role: z.enum(["a"]) })) }).safeParse({ roles: [{ role: "b" }] });
    expect(r.success).toBe(false);
    if (!r.success) expect(fieldErrors(r.error, "body")[0].field).toBe("body.roles.0.role");
  });

  it("answers with the problem+json media type", async () => {
    const res = problemResponse(toProblem(new NotFoundError("X")), { "x-request-id": "abc" });
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect(res.headers.get("x-request-id")).toBe("abc");
  });
});

describe("update schemas", () => {
  it("keep only the fields a PATCH sends (no defaults that would erase others)", async () => {
    const { updateTenantInput } = await import("@/lib/contracts/tenants");
    const { updateProjectInput } = await import("@/lib/contracts/projects");
    expect(updateTenantInput.parse({ name: "acme" })).toEqual({ name: "acme" });
    expect(updateProjectInput.parse({ description: "x" })).toEqual({ description: "x" });
  });
});
