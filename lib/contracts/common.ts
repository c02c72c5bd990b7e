import { z } from "zod";

/** Names are DNS-label-like so they can become hostnames, VRF names and CLI arguments. */
export const resourceName = z
  .string()
  .trim()
  .min(2, "must be at least 2 characters")
  .max(63, "must be at most 63 characters")
  .regex(/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/, "use lowercase letters, digits and dashes; start and end with a letter or digit");

export const description = z.string().trim().max(1000, "must be at most 1000 characters");

export const idParam = z.object({ id: z.string().min(1).max(100) });

export const quotaValue = z.number().int().min(0, "must not be negative").max(1_000_000).nullable();
export const quotas = z
  .object({ machines: quotaValue.optional(), ips: quotaValue.optional(), networks: quotaValue.optional() })
  .strict();
