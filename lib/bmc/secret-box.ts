import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

/**
 * BMC passwords at rest: AES-256-GCM with a random 96-bit IV per value and the machine id as
 * additional authenticated data, so a ciphertext copied onto another machine's row does not
 * decrypt. Stored as "v1:<iv>:<tag>:<ciphertext>" in base64url; the version prefix leaves room
 * for key rotation. The key is 32 bytes (BMC_SECRET_KEY, base64/base64url/hex).
 */
const VERSION = "v1";

export function parseSecretKey(raw: string): Buffer {
  const text = raw.trim();
  const candidates = [/^[0-9a-f]{64}$/i.test(text) ? Buffer.from(text, "hex") : null, Buffer.from(text, "base64url"), Buffer.from(text, "base64")];
  const key = candidates.find((b) => b !== null && b.length === 32);
  if (!key) throw new Error("BMC_SECRET_KEY must be 32 bytes, written as base64 or hex (e.g. `openssl rand -base64 32`)");
  return key;
}

export function sealSecret(key: Buffer, plaintext: string, boundTo: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(Buffer.from(boundTo, "utf8"));
  const ct = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return [VERSION, iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), ct.toString("base64url")].join(":");
}

/** Throws (without echoing anything of the value) when the value was not sealed with this key for this id. */
export function openSecret(key: Buffer, sealed: string, boundTo: string): string {
  const [version, iv, tag, ct] = sealed.split(":");
  if (version !== VERSION || iv === undefined || tag === undefined || ct === undefined) throw new Error("stored BMC secret has an unknown format");
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
    decipher.setAAD(Buffer.from(boundTo, "utf8"));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(ct, "base64url")), decipher.final()]).toString("utf8");
  } catch {
    throw new Error("stored BMC secret cannot be decrypted with the configured BMC_SECRET_KEY");
  }
}
