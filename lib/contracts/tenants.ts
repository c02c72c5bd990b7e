import { z } from "zod";
import { roleSchema } from "@/lib/auth/grants";
import { description, quotas, resourceName } from "./common";

export const groupRoles = z.record(z.string().min(1).max(200), roleSchema);

export const createTenantInput = z.object({
  name: resourceName,
  description: description.default(""),
  groupRoles: groupRoles.default({}),
  quotas: quotas.default({}),
}).strict();
export type CreateTenantInput = z.infer<typeof createTenantInput>;

/** No defaults here: a PATCH changes only the fields it sends (zod's partial() keeps defaults). */
export const updateTenantInput = z.object({
  name: resourceName.optional(),
  description: description.optional(),
  groupRoles: groupRoles.optional(),
  quotas: quotas.optional(),
}).strict();
export type UpdateTenantInput = z.infer<typeof updateTenantInput>;

export const tenantDto = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  groupRoles: z.record(z.string(), roleSchema),
  quotas: z.object({ machines: z.number().nullable().optional(), ips: z.number().nullable().optional(), networks: z.number().nullable().optional() }),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TenantDto = z.infer<typeof tenantDto>;
