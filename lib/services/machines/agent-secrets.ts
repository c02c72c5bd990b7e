import { createHmac, randomBytes } from "node:crypto";
import { hashToken } from "@/lib/auth/tokens";
import type { BOOT_CREDENTIAL_PREFIX, MACHINE_CREDENTIAL_PREFIX } from "@/lib/contracts/endpoints-boot";
import type { SWITCH_CREDENTIAL_PREFIX } from "@/lib/contracts/switches";

type AgentSecretPrefix = typeof BOOT_CREDENTIAL_PREFIX | typeof MACHINE_CREDENTIAL_PREFIX | typeof SWITCH_CREDENTIAL_PREFIX;
export type AgentSecret = { secret: string; hash: string; prefix: string };

function fromBody(prefix: AgentSecretPrefix, body: Buffer): AgentSecret {
  const secret = prefix + body.toString("base64url");
  return { secret, hash: hashToken(secret), prefix: secret.slice(0, prefix.length + 6) };
}

/** Agent secrets are 256 random bits, like API tokens, so only their sha256 is stored. */
export function generateAgentSecret(prefix: AgentSecretPrefix): AgentSecret {
  return fromBody(prefix, randomBytes(32));
}

/**
 * A secret the server can compute again instead of storing it: HMAC-SHA256 of a label under a
 * server key. Still 256 bits nobody can guess without the key; the database keeps only the hash.
 */
export function deriveAgentSecret(prefix: AgentSecretPrefix, key: string, label: string): AgentSecret {
  return fromBody(prefix, createHmac("sha256", key).update(label, "utf8").digest());
}

export function looksLikeAgentSecret(value: string, prefix: AgentSecretPrefix): boolean {
  return value.startsWith(prefix) && /^[A-Za-z0-9_-]{43}$/.test(value.slice(prefix.length));
}
