/**
 * Which paths belong to the boot service: everything machines and switches talk to (the iPXE
 * script, registration and the agent protocol under /api/boot, switch agents under
 * /api/boot/switches, and the OS images agents download). They answer only on the boot listener
 * (BOOT_HOST:BOOT_PORT, the management network); the public port answers 404 for them.
 *
 * The rule is by path prefix, so new agent endpoints under these prefixes are covered without
 * being listed. A path is classified after normalising it the way any layer might (percent-
 * decoding, repeatedly; case; backslashes and repeated slashes; dot segments), so no spelling of
 * a boot path reaches a boot route through the public port.
 */
export const BOOT_PATH_PREFIXES = ["/api/boot", "/api/images"] as const;

/** Decodes until nothing changes (at most a few rounds); null when a round is not valid percent-encoding. */
export function decodePathFully(path: string): string | null {
  let current = path;
  for (let i = 0; i < 4; i++) {
    let next: string;
    try {
      next = decodeURIComponent(current);
    } catch {
      return null;
    }
    if (next === current) return current;
    current = next;
  }
  return current;
}

/** Lower case, "/" for "\", no empty or "." segments, ".." resolved: the path any router could end up at. */
export function canonicalPath(decoded: string): string {
  const out: string[] = [];
  for (const segment of decoded.toLowerCase().replaceAll("\\", "/").split("/")) {
    if (segment === "" || segment === ".") continue;
    if (segment === "..") out.pop();
    else out.push(segment);
  }
  return `/${out.join("/")}`;
}

export function isBootPathCanonical(canonical: string): boolean {
  return BOOT_PATH_PREFIXES.some((p) => canonical === p || canonical.startsWith(`${p}/`));
}

/** True when any spelling of `rawPath` names a boot path (an undecodable path counts as one: refuse it). */
export function isBootPath(rawPath: string): boolean {
  const decoded = decodePathFully(rawPath);
  return decoded === null || isBootPathCanonical(canonicalPath(decoded));
}
