import { z } from "zod";
import { boundedRecord, text } from "@/lib/domain/text";

/**
 * The contract vocabulary. Every string a contract accepts is `text()` (lib/domain/text.ts: no
 * NUL, no unpaired surrogates) and every map is bounded; contracts.test.ts checks both for every
 * endpoint, so a new endpoint cannot forget them.
 */
export { boundedRecord, text, textCheck } from "@/lib/domain/text";

/** Names are DNS-label-like so they can become hostnames, VRF names and CLI arguments. */
export const resourceName = text()
  .trim()
  .min(2, "must be at least 2 characters")
  .max(63, "must be at most 63 characters")
  .regex(/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/, "use lowercase letters, digits and dashes; start and end with a letter or digit");

export const description = text().trim().max(1000, "must be at most 1000 characters");

export const idParam = z.object({ id: text().min(1).max(100) });

/** Labels of networks, partitions, sizes, …: at most 64, keys up to 63 characters, values up to 255. */
export const labelsSchema = boundedRecord(text().min(1, "label keys must not be empty").max(63), text().max(255));

/** Tags of machines and IPs: at most 50, each 1–100 characters (within the 64 × 255 bound of every map). */
export const tagsSchema = z.array(text().min(1).max(100)).max(50);

export const quotaValue = z.number().int().min(0, "must not be negative").max(1_000_000).nullable();
export const quotas = z
  .object({ machines: quotaValue.optional(), ips: quotaValue.optional(), networks: quotaValue.optional() })
  .strict();
