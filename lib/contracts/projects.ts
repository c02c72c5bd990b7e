import { z } from "zod";
import { text } from "@/lib/domain/text";
import { paginationQuery } from "@/lib/http/pagination";
import { description, quotas, resourceName } from "./common";

export const createProjectInput = z.object({
  tenantId: text().min(1, "is required").max(100),
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
  tenantId: text().max(100).optional(),
  q: text().trim().max(100).optional(),
});
export type ListProjectsQuery = z.infer<typeof listProjectsQuery>;

export const projectDto = z.object({
  id: text(),
  tenantId: text(),
  tenantName: text(),
  name: text(),
  description: text(),
  quotas: z.object({ machines: z.number().nullable().optional(), ips: z.number().nullable().optional(), networks: z.number().nullable().optional() }),
  /** The caller's effective role on this project ("admin" for operators without a tenant role). */
  myRole: text(),
  createdAt: text(),
  updatedAt: text(),
});
export type ProjectDto = z.infer<typeof projectDto>;
