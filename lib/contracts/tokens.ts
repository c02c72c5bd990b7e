import { z } from "zod";
import { grantSchema } from "@/lib/auth/grants";
import { paginationQuery } from "@/lib/http/pagination";

export const createTokenInput = z.object({
  description: z.string().trim().min(1, "is required").max(200),
  roles: z.array(grantSchema).min(1, "choose at least one role").max(50),
  expiresAt: z.coerce.date({ error: "must be an ISO 8601 date" }),
}).strict();
export type CreateTokenInput = z.infer<typeof createTokenInput>;

export const listTokensQuery = paginationQuery.extend({
  includeRevoked: z.enum(["true", "false"]).transform((v) => v === "true").optional(),
});

export const tokenDto = z.object({
  id: z.string(),
  description: z.string(),
  prefix: z.string(),
  roles: z.array(grantSchema),
  expiresAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
  createdAt: z.string(),
  status: z.enum(["active", "expired", "revoked"]),
});
export type TokenDto = z.infer<typeof tokenDto>;

/** Returned once, at creation: the only time the secret is ever visible. */
export const createdTokenDto = tokenDto.extend({ secret: z.string() });
export type CreatedTokenDto = z.infer<typeof createdTokenDto>;
