/**
 * OS image ids and their resolution. An id is "<os>-<major>.<minor>.<patch>" where patch is the
 * build date YYYYMMDD ("ubuntu-24.04.20260101"), so ordering by semver is ordering by release and
 * then by build. Users may ask for "ubuntu-24.04" or "ubuntu-24" and get the newest build.
 */

export { normaliseRange, normaliseVersion, rangesIntersect, satisfiesRange, semverRangeProblem } from "./version-range";

export const MAX_IMAGE_ID_LENGTH = 128;
/**
 * Lowercase words joined by single dashes, each starting with a letter ("ubuntu",
 * "firewall-ubuntu"). A word may not start with a digit, so "ubuntu-24" can never be an os name
 * and the version always starts after the last dash.
 */
export const IMAGE_OS_PATTERN = /^[a-z][a-z0-9]*(-[a-z][a-z0-9]*)*$/;

export type ParsedImageId = {
  os: string;
  major: number;
  minor?: number;
  patch?: number;
  /** Numeric parts without leading zeros: "24.4.20260101", or "24.4" / "24" for a partial id. */
  version: string;
  /** "<os>-<version>": two spellings of one image ("24.04" / "24.4") normalise to the same id. */
  normalisedId: string;
  /** All three parts given: the id names one image rather than a series. */
  exact: boolean;
};

export type ImageIdError = {
  code: "empty" | "too-long" | "format" | "os" | "version" | "patch-date" | "partial";
  message: string;
};

export type ImageIdResult = { ok: true; value: ParsedImageId } | { ok: false; error: ImageIdError };

const fail = (code: ImageIdError["code"], message: string): ImageIdResult => ({ ok: false, error: { code, message } });

/** Whether YYYYMMDD names a day that exists (rejects 20260231 and month 13). */
function isRealDate(yyyymmdd: string): boolean {
  const [y, m, d] = [+yyyymmdd.slice(0, 4), +yyyymmdd.slice(4, 6), +yyyymmdd.slice(6, 8)];
  const date = new Date(Date.UTC(y, m - 1, d));
  return y >= 1970 && date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/**
 * Parses an image id. Partial ids ("ubuntu-24.04", "ubuntu-24") are accepted as resolution
 * queries unless `requireFull` is set (creating an image needs the full id).
 * The version has no dashes, so the last "-" separates it from the os: real metal-stack images
 * are named like "firewall-ubuntu-3.0.20240101" (os "firewall-ubuntu").
 */
export function parseImageId(id: string, opts: { requireFull?: boolean } = {}): ImageIdResult {
  if (id === "") return fail("empty", "image id must not be empty");
  if (id.length > MAX_IMAGE_ID_LENGTH) return fail("too-long", `image id must be at most ${MAX_IMAGE_ID_LENGTH} characters`);
  const dash = id.lastIndexOf("-");
  if (dash < 0) return fail("format", `"${id}" is not <os>-<major>.<minor>.<YYYYMMDD>`);
  const os = id.slice(0, dash);
  if (!IMAGE_OS_PATTERN.test(os)) {
    return fail("os", `os "${os}" must be lowercase words of letters and digits joined by single dashes, each word starting with a letter`);
  }
  const rest = id.slice(dash + 1);
  const parts = rest.split(".");
  if (parts.length > 3 || parts.some((p) => !/^[0-9]+$/.test(p))) {
    return fail("version", `version "${rest}" must be <major>.<minor>.<YYYYMMDD> with numbers only`);
  }
  const [major, minor, patch] = parts;
  if (major.length > 6 || (minor ?? "").length > 6) return fail("version", "major and minor must have at most 6 digits");
  if (patch !== undefined && !(/^[0-9]{8}$/.test(patch) && isRealDate(patch))) {
    return fail("patch-date", `patch "${patch}" must be a build date YYYYMMDD`);
  }
  if (opts.requireFull && patch === undefined) {
    return fail("partial", `"${id}" must name a full version <major>.<minor>.<YYYYMMDD>`);
  }
  const numbers = parts.map(Number);
  const version = numbers.join(".");
  return {
    ok: true,
    value: {
      os,
      major: numbers[0],
      ...(minor !== undefined ? { minor: numbers[1] } : {}),
      ...(patch !== undefined ? { patch: numbers[2] } : {}),
      version,
      normalisedId: `${os}-${version}`,
      exact: patch !== undefined,
    },
  };
}

/** Why the id cannot be an image's id (it must be full), or null. */
export function imageIdProblem(id: string): string | null {
  const parsed = parseImageId(id, { requireFull: true });
  return parsed.ok ? null : parsed.error.message;
}

export type ResolvableImage = { id: string; expiresAt?: Date | null };

export type ImageResolution<T> =
  | { ok: true; image: T }
  | { ok: false; reason: { code: "invalid-query" | "not-found" | "expired"; message: string } };

export function isImageExpired(image: ResolvableImage, now: Date): boolean {
  return image.expiresAt != null && image.expiresAt.getTime() <= now.getTime();
}

/** Newest first: major, then minor, then build date. */
function compareDesc(a: ParsedImageId, b: ParsedImageId): number {
  return b.major - a.major || (b.minor ?? 0) - (a.minor ?? 0) || (b.patch ?? 0) - (a.patch ?? 0);
}

/**
 * Resolves "ubuntu-24.04" to the newest image of os ubuntu with version 24.4.x ("ubuntu-24" →
 * 24.x.x); a full id matches only that image. Expired images are still found (an existing
 * machine's image must stay visible); with `forAllocation` they are skipped, and when nothing
 * else matches the result says "expired" instead of "not found" so the user learns why.
 * Stored images whose ids do not parse are ignored.
 */
export function resolveImage<T extends ResolvableImage>(
  query: string,
  images: readonly T[],
  now: Date,
  opts: { forAllocation?: boolean } = {},
): ImageResolution<T> {
  const parsedQuery = parseImageId(query);
  if (!parsedQuery.ok) return { ok: false, reason: { code: "invalid-query", message: parsedQuery.error.message } };
  const q = parsedQuery.value;
  const matching = images
    .flatMap((image) => {
      const parsed = parseImageId(image.id, { requireFull: true });
      return parsed.ok ? [{ image, v: parsed.value }] : [];
    })
    .filter(
      ({ v }) =>
        v.os === q.os &&
        v.major === q.major &&
        (q.minor === undefined || v.minor === q.minor) &&
        (q.patch === undefined || v.patch === q.patch),
    )
    .sort((a, b) => compareDesc(a.v, b.v));
  const series = q.exact ? q.normalisedId : `${q.normalisedId}.x`;
  if (matching.length === 0) return { ok: false, reason: { code: "not-found", message: `no image ${series}` } };
  const usable = opts.forAllocation ? matching.filter(({ image }) => !isImageExpired(image, now)) : matching;
  if (usable.length === 0) {
    const newest = matching[0].image;
    const expired = `${newest.id} expired at ${newest.expiresAt!.toISOString()}`;
    const message = q.exact ? `image ${expired}` : `every image ${series} has expired (newest: ${expired})`;
    return { ok: false, reason: { code: "expired", message } };
  }
  return { ok: true, image: usable[0].image };
}
