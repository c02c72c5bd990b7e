import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/** Every API token starts with this, so secret scanners and people can recognise one. */
export const TOKEN_PREFIX = "mtk_";
export const MAX_TOKEN_LIFETIME_MS = 366 * 24 * 60 * 60 * 1000;

/**
 * A token is 256 random bits. Only its sha256 is stored: with that much entropy a fast hash
 * cannot be brute-forced, and lookups by hash stay one index probe.
 */
export function generateToken(): { secret: string; hash: string; prefix: string } {
  const secret = TOKEN_PREFIX + randomBytes(32).toString("base64url");
  return { secret, hash: hashToken(secret), prefix: secret.slice(0, TOKEN_PREFIX.length + 6) };
}

export function hashToken(secret: string): string {
  return createHash("sha256").update(secret, "utf8").digest("hex");
}

export function looksLikeToken(value: string): boolean {
  return /^mtk_[A-Za-z0-9_-]{43}$/.test(value);
}

export function hashesEqual(a: string, b: string): boolean {
  const x = Buffer.from(a, "hex");
  const y = Buffer.from(b, "hex");
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Null when the expiry is acceptable, else why not. At most one year (plus a leap day) ahead. */
export function expiryProblem(expiresAt: Date, now: Date = new Date()): string | null {
  if (Number.isNaN(expiresAt.getTime())) return "must be a valid date";
  if (expiresAt.getTime() <= now.getTime()) return "must be in the future";
  if (expiresAt.getTime() - now.getTime() > MAX_TOKEN_LIFETIME_MS) return "must be at most one year ahead";
  return null;
}

export function isTokenUsable(t: { expiresAt: Date; revokedAt: Date | null }, now: Date = new Date()): boolean {
  return t.revokedAt === null && t.expiresAt.getTime() > now.getTime();
}

/** Parses "30d", "12h", "90m" or "1y" (CLI convenience) into a future date. */
export function expiryFromDuration(spec: string, now: Date = new Date()): Date {
  const m = /^(\d+)([mhdy])$/.exec(spec.trim());
  if (!m) throw new Error(`invalid duration "${spec}": use e.g. 30d, 12h, 90m or 1y`);
  const unit = { m: 60_000, h: 3_600_000, d: 86_400_000, y: 365 * 86_400_000 }[m[2] as "m" | "h" | "d" | "y"];
  return new Date(now.getTime() + Number(m[1]) * unit);
}
