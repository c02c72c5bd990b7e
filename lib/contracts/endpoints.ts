import { z } from "zod";
import { text } from "@/lib/domain/text";
import { auditEntryDto, auditQuery } from "@/lib/contracts/audit";
import { pageSchema, paginationQuery } from "@/lib/http/pagination";
import { defineEndpoint } from "@/lib/http/endpoint";
import { idParam } from "./common";
import { bmcEndpoints } from "./endpoints-bmc";
import { bootEndpoints } from "./endpoints-boot";
import { catalogEndpoints } from "./endpoints-catalog";
import { machineEndpoints } from "./endpoints-machines";
import { networkEndpoints } from "./endpoints-networks";
import { switchEndpoints } from "./endpoints-switches";
import { healthDto, meDto, readinessDto } from "./me";
import { searchQuery, searchResultDto } from "./search";
import { createProjectInput, listProjectsQuery, projectDto, updateProjectInput } from "./projects";
import { createTenantInput, tenantDto, updateTenantInput } from "./tenants";
import { createdTokenDto, createTokenInput, listTokensQuery, tokenDto } from "./tokens";

/** Every /api/v1 endpoint. Routes import their definition from here; so does the OpenAPI builder. */
const listQuery = paginationQuery.extend({ q: text().trim().max(100).optional() });

export const endpoints = {
  health: defineEndpoint({ method: "GET", path: "/api/v1/health", tag: "system", summary: "Database and queue status", auth: "none", response: healthDto }),
  ready: defineEndpoint({ method: "GET", path: "/api/v1/health/ready", tag: "system", summary: "Readiness: database reachable, migrations applied, workers running where expected (503 when not)", auth: "none", response: readinessDto, errors: [503] }),
  metrics: defineEndpoint({ method: "GET", path: "/api/v1/metrics", tag: "system", summary: "Prometheus metrics (text exposition); an operator token or METRICS_TOKEN", auth: "none", errors: [401, 403] }),
  me: defineEndpoint({ method: "GET", path: "/api/v1/me", tag: "system", summary: "The caller and its roles", auth: "user", response: meDto }),
  search: defineEndpoint({ method: "GET", path: "/api/v1/search", tag: "system", summary: "Search hostnames, IPs, machine ids, networks and projects the caller may read (at most 5 of each)", auth: "user", query: searchQuery, response: searchResultDto }),

  listTenants: defineEndpoint({ method: "GET", path: "/api/v1/tenants", tag: "tenants", summary: "List tenants the caller belongs to (all, for operators)", auth: "user", query: listQuery, response: pageSchema(tenantDto) }),
  createTenant: defineEndpoint({ method: "POST", path: "/api/v1/tenants", tag: "tenants", summary: "Create a tenant (operators)", auth: "user", body: createTenantInput, response: tenantDto, status: 201 }),
  getTenant: defineEndpoint({ method: "GET", path: "/api/v1/tenants/{id}", tag: "tenants", summary: "Get a tenant", auth: "user", params: idParam, response: tenantDto }),
  updateTenant: defineEndpoint({ method: "PATCH", path: "/api/v1/tenants/{id}", tag: "tenants", summary: "Update a tenant", auth: "user", params: idParam, body: updateTenantInput, response: tenantDto }),
  deleteTenant: defineEndpoint({ method: "DELETE", path: "/api/v1/tenants/{id}", tag: "tenants", summary: "Delete a tenant without projects (operators)", auth: "user", params: idParam, status: 204 }),

  listProjects: defineEndpoint({ method: "GET", path: "/api/v1/projects", tag: "projects", summary: "List visible projects", auth: "user", query: listProjectsQuery, response: pageSchema(projectDto) }),
  createProject: defineEndpoint({ method: "POST", path: "/api/v1/projects", tag: "projects", summary: "Create a project in a tenant", auth: "user", body: createProjectInput, response: projectDto, status: 201 }),
  getProject: defineEndpoint({ method: "GET", path: "/api/v1/projects/{id}", tag: "projects", summary: "Get a project", auth: "user", params: idParam, response: projectDto }),
  updateProject: defineEndpoint({ method: "PATCH", path: "/api/v1/projects/{id}", tag: "projects", summary: "Update a project (quotas: operators only)", auth: "user", params: idParam, body: updateProjectInput, response: projectDto }),
  deleteProject: defineEndpoint({ method: "DELETE", path: "/api/v1/projects/{id}", tag: "projects", summary: "Delete a project", auth: "user", params: idParam, status: 204 }),

  listTokens: defineEndpoint({ method: "GET", path: "/api/v1/tokens", tag: "tokens", summary: "List the caller's API tokens", auth: "user", query: listTokensQuery, response: pageSchema(tokenDto) }),
  createToken: defineEndpoint({ method: "POST", path: "/api/v1/tokens", tag: "tokens", summary: "Create an API token; the secret is returned once", auth: "user", body: createTokenInput, response: createdTokenDto, status: 201 }),
  getToken: defineEndpoint({ method: "GET", path: "/api/v1/tokens/{id}", tag: "tokens", summary: "Get an API token (never its secret)", auth: "user", params: idParam, response: tokenDto }),
  updateToken: defineEndpoint({ method: "PATCH", path: "/api/v1/tokens/{id}", tag: "tokens", summary: "Change a token's description", auth: "user", params: idParam, body: z.object({ description: text().trim().min(1).max(200) }).strict(), response: tokenDto }),
  revokeToken: defineEndpoint({ method: "DELETE", path: "/api/v1/tokens/{id}", tag: "tokens", summary: "Revoke an API token", auth: "user", params: idParam, response: tokenDto }),

  listAudit: defineEndpoint({ method: "GET", path: "/api/v1/audit", tag: "audit", summary: "The audit log, newest first (operators)", auth: "user", query: auditQuery, response: pageSchema(auditEntryDto) }),
  ...catalogEndpoints,
  ...networkEndpoints,
  ...bootEndpoints,
  ...machineEndpoints,
  ...bmcEndpoints,
  ...switchEndpoints,
  openapi: defineEndpoint({ method: "GET", path: "/api/v1/openapi.json", tag: "system", summary: "This document", auth: "none" }),
};
