import { z } from "zod";
import { text } from "@/lib/domain/text";
import { grantSchema } from "@/lib/auth/grants";
import { paginationQuery } from "@/lib/http/pagination";

export const createTokenInput = z.object({
  description: text().trim().min(1, "is required").max(200),
  roles: z.array(grantSchema).min(1, "choose at least one role").max(50),
  expiresAt: z.coerce.date({ error: "must be an ISO 8601 date" }),
}).strict();
export type CreateTokenInput = z.infer<typeof createTokenInput>;

export const listTokensQuery = paginationQuery.extend({
  includeRevoked: z.enum(["true", "false"]).transform((v) => v === "true").optional(),
});

export const tokenDto = z.object({
  id: text(),
  description: text(),
  prefix: text(),
  roles: z.array(grantSchema),
  expiresAt: text(),
  lastUsedAt: text().nullable(),
  revokedAt: text().nullable(),
  createdAt: text(),
  status: z.enum(["active", "expired", "revoked"]),
});
export type TokenDto = z.infer<typeof tokenDto>;

/** Returned once, at creation: the only time the secret is ever visible. */
export const createdTokenDto = tokenDto.extend({ secret: text() });
export type CreatedTokenDto = z.infer<typeof createdTokenDto>;
