import { z } from "zod";
import { boundedRecord, text } from "@/lib/domain/text";
import { roleSchema } from "@/lib/auth/grants";
import { description, quotas, resourceName } from "./common";

/**
 * IdP group → tenant role. Bounded like every map (64 keys); group names may be longer than a
 * label key (LDAP DNs, group paths), so keys allow 200 characters.
 */
export const groupRoles = boundedRecord(text().min(1).max(200), roleSchema);

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
  id: text(),
  name: text(),
  description: text(),
  groupRoles: z.record(text(), roleSchema),
  quotas: z.object({ machines: z.number().nullable().optional(), ips: z.number().nullable().optional(), networks: z.number().nullable().optional() }),
  createdAt: text(),
  updatedAt: text(),
});
export type TenantDto = z.infer<typeof tenantDto>;
