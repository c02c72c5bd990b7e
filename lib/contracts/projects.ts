import { z } from "zod";
import { paginationQuery } from "@/lib/http/pagination";
import { description, quotas, resourceName } from "./common";

export const createProjectInput = z.object({
  tenantId: z.string().min(1, "is required"),
  name: resourceName,
  description: description.default(""),
}).strict();
export type CreateProjectInput = z.infer<typeof createProjectInput>;

/** Quotas are a separate admin-only field: tenants see them but cannot raise them. */
export const updateProjectInput = z.object({
  name: resourceName.optional(),
  description: description.optional(),
  quotas: quotas.optional(),
}).strict();
export type UpdateProjectInput = z.infer<typeof updateProjectInput>;

export const listProjectsQuery = paginationQuery.extend({
  tenantId: z.string().max(100).optional(),
  q: z.string().trim().max(100).optional(),
});
export type ListProjectsQuery = z.infer<typeof listProjectsQuery>;

export const projectDto = z.object({
  id: z.string(),
  tenantId: z.string(),
  tenantName: z.string(),
  name: z.string(),
  description: z.string(),
  quotas: z.object({ machines: z.number().nullable().optional(), ips: z.number().nullable().optional(), networks: z.number().nullable().optional() }),
  /** The caller's effective role on this project ("admin" for operators without a tenant role). */
  myRole: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ProjectDto = z.infer<typeof projectDto>;
