import { existsSync } from "node:fs";

/**
 * Why the live lab fabric cannot run on this host (null: it can). Its own module, free of the
 * fabric's imports, because playwright.config.ts asks it too (whether to start the e2e server
 * with the live fabric).
 */
export function liveFabricUnavailable(): string | null {
  if (process.getuid?.() !== 0) return "not running as root (network namespaces, FRR daemons)";
  const missing = ["/usr/lib/frr/zebra", "/usr/lib/frr/bgpd", "/usr/bin/vtysh", "/usr/lib/frr/frr-reload.py", "/usr/bin/unshare"].filter((p) => !existsSync(p));
  return missing.length ? `FRR is not installed (missing ${missing.join(", ")})` : null;
}
