import { parseArgs } from "node:util";
import { z } from "zod";

/**
 * The switch agent's configuration: flags over SWITCH_* environment variables, validated once.
 * Production (a Linux leaf running FRR from Debian packages): the defaults. A lab leaf in a
 * network namespace: --netns, and --frr-dir for its FRR's config/socket directory.
 */
const list = z.string().transform((s) => s.split(",").map((x) => x.trim()).filter(Boolean));
const flag = z.union([z.boolean(), z.enum(["true", "false", "1", "0"]).transform((v) => v === "true" || v === "1")]);

export const switchAgentConfigSchema = z.object({
  apiUrl: z.url({ protocol: /^https?$/, error: "must be the http(s) URL of the API" }).transform((u) => u.replace(/\/+$/, "")),
  bootCredential: z.string().startsWith("mbc_", "must be a partition boot credential (mbc_…)"),
  /** The switch's hostname: its id. */
  id: z.string().min(1, "is required"),
  rack: z.string().min(1, "is required"),
  asn: z.coerce.number().int().min(1).max(4294967295),
  routerId: z.string().min(7, "is required (the loopback address)"),
  uplinks: list.default([]),
  /** Machine and uplink ports: a regular expression over interface names (default: swp* and Ethernet*). */
  portPattern: z.string().default("^(swp\\d+(s\\d+)?|Ethernet\\d+)$"),
  managementInterface: z.string().default("eth0"),
  managementAddress: z.string().default(""),
  /** FRR's directory: frr.conf (the agent's output), its backup, and (lab) the vty sockets. */
  frrDir: z.string().default("/etc/frr"),
  /** vtysh's socket directory; production: /var/run/frr. */
  vtySocket: z.string().default("/var/run/frr"),
  /** Lab: the network namespace the switch's ports and FRR live in (`ip -n`, `ip netns exec`). */
  netns: z.string().optional(),
  /** Lab (FRR netns VRF backend): VRF names are "<prefix>vrf<VNI>" instead of "vrf<VNI>". */
  vrfPrefix: z.string().default(""),
  /**
   * Lab (FRR's netns VRF backend, agents/switch/netns-vrf.ts): the leaf's private netns directory,
   * which its FRR sees as /run/netns. Tenant VRFs become namespaces and tenant ports move into them.
   */
  netnsVrfDir: z.string().optional(),
  /** Reconcile at least this often; changes arrive at once through the long poll. */
  intervalSeconds: z.coerce.number().min(1).max(3600).default(10),
  /** FRR's fast-convergence settings (route-map delay 0, coalesce 0): labs and benchmarks. */
  fastConvergence: flag.default(false),
  /**
   * Apply the common changes (a port into/out of a VRF, list entries) as a vtysh delta instead
   * of frr-reload.py (agents/switch/frr.ts); anything else, or a delta that did not take, still
   * goes through frr-reload.py. `--delta-apply false` always uses frr-reload.py.
   */
  deltaApply: flag.default(true),
  /** Keeps the switch credential across restarts (a known switch re-registers only with it). */
  credentialFile: z.string().optional(),
  osVendor: z.string().default("Debian"),
  osVersion: z.string().default(""),
});
export type SwitchAgentConfig = z.infer<typeof switchAgentConfigSchema>;
export type SwitchAgentConfigInput = z.input<typeof switchAgentConfigSchema>;

const SOURCES = {
  "api-url": ["apiUrl", "SWITCH_API_URL"], "boot-credential": ["bootCredential", "SWITCH_BOOT_CREDENTIAL"], id: ["id", "SWITCH_ID"],
  rack: ["rack", "SWITCH_RACK"], asn: ["asn", "SWITCH_ASN"], "router-id": ["routerId", "SWITCH_ROUTER_ID"], uplinks: ["uplinks", "SWITCH_UPLINKS"],
  "port-pattern": ["portPattern", "SWITCH_PORT_PATTERN"], "management-interface": ["managementInterface", "SWITCH_MANAGEMENT_INTERFACE"],
  "management-address": ["managementAddress", "SWITCH_MANAGEMENT_ADDRESS"], "frr-dir": ["frrDir", "SWITCH_FRR_DIR"], "vty-socket": ["vtySocket", "SWITCH_VTY_SOCKET"],
  netns: ["netns", "SWITCH_NETNS"], "vrf-prefix": ["vrfPrefix", "SWITCH_VRF_PREFIX"], interval: ["intervalSeconds", "SWITCH_INTERVAL"],
  "fast-convergence": ["fastConvergence", "SWITCH_FAST_CONVERGENCE"], "os-vendor": ["osVendor", "SWITCH_OS_VENDOR"], "os-version": ["osVersion", "SWITCH_OS_VERSION"],
  "credential-file": ["credentialFile", "SWITCH_CREDENTIAL_FILE"], "netns-vrf-dir": ["netnsVrfDir", "SWITCH_NETNS_VRF_DIR"], "delta-apply": ["deltaApply", "SWITCH_DELTA_APPLY"],
} as const;

export class ConfigError extends Error {}

export function parseSwitchAgentConfig(argv: readonly string[], env: Record<string, string | undefined>): SwitchAgentConfig {
  const options = Object.fromEntries(Object.keys(SOURCES).map((name) => [name, { type: name === "fast-convergence" ? "boolean" : "string" } as const]));
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({ args: [...argv], options, strict: true, allowPositionals: false }));
  } catch (err) {
    throw new ConfigError(`${(err as Error).message}\nsee agents/switch/README.md`);
  }
  const raw: Record<string, unknown> = {};
  for (const [name, [key, envName]] of Object.entries(SOURCES)) {
    const value = values[name] ?? env[envName];
    if (value !== undefined && value !== "") raw[key] = value;
  }
  const parsed = switchAgentConfigSchema.safeParse(raw);
  if (!parsed.success) throw new ConfigError(parsed.error.issues.map((i) => `--${i.path.join(".")}: ${i.message}`).join("\n"));
  return parsed.data;
}
