import { parseArgs } from "node:util";
import { z } from "zod";

/**
 * The agent's configuration, from command-line flags over environment variables. The iPXE
 * script puts METAL_API_URL, METAL_PARTITION and METAL_BOOT_CREDENTIAL on the kernel command
 * line; Linux hands unknown key=value parameters to init as environment variables, so a
 * PXE-booted agent finds them in its environment.
 */
export const LINUX_HARDWARE = "/proc+/sys";

const seconds = (fallback: number) => z.coerce.number().min(0).max(86_400).default(fallback);
const flag = z.union([z.boolean(), z.enum(["true", "false", "1", "0"]).transform((v) => v === "true" || v === "1")]);

export const agentConfigSchema = z.object({
  apiUrl: z.url({ protocol: /^https?$/, error: "must be the http(s) URL of the API" }).transform((u) => u.replace(/\/+$/, "")),
  partition: z.string().min(1, "is required"),
  bootCredential: z.string().startsWith("mbc_", "must be a partition boot credential (mbc_…)"),
  /** "/proc+/sys" (real Linux) or the path of a JSON hardware profile (the lab). */
  hardware: z.string().min(1).default(LINUX_HARDWARE),
  /** Root of /proc and /sys, for reading a captured system; "/" on a real machine. */
  sysRoot: z.string().min(1).default("/"),
  /** Lab: the machine's directory; its disks are sparse files under disks/, its installed OS under os/. */
  diskDir: z.string().min(1).optional(),
  /** Where the machine credential is kept across boots (storage a disk wipe does not touch). */
  credentialFile: z.string().min(1).optional(),
  /** Real disks are never touched unless this is set (then the agent wipes, partitions and installs them). */
  allowDiskWipe: flag.default(false),
  /** Real disks: where the image is downloaded before it is verified (memory on a PXE-booted machine). */
  scratchDir: z.string().min(1).default("/tmp"),
  phoneHomeIntervalSeconds: seconds(60),
  heartbeatIntervalSeconds: seconds(60),
  crashDelaySeconds: seconds(5),
  waitTimeoutSeconds: z.coerce.number().int().min(0).max(30).default(25),
  /** Lab: the machine's network namespace (wired to its leaves); the installed OS runs its host FRR there (host-network.ts). */
  netns: z.string().min(1).optional(),
  /** What the machine boots: the agent from PXE, or the installed OS from its disk. */
  boot: z.enum(["pxe", "disk"]).default("pxe"),
});
export type AgentConfig = z.infer<typeof agentConfigSchema>;
export type AgentConfigInput = z.input<typeof agentConfigSchema>;

/** flag name → [config key, environment variable] */
const SOURCES = {
  "api-url": ["apiUrl", "METAL_API_URL"],
  partition: ["partition", "METAL_PARTITION"],
  "boot-credential": ["bootCredential", "METAL_BOOT_CREDENTIAL"],
  hardware: ["hardware", "METAL_HARDWARE"],
  "sys-root": ["sysRoot", "METAL_SYS_ROOT"],
  "disk-dir": ["diskDir", "METAL_DISK_DIR"],
  "credential-file": ["credentialFile", "METAL_CREDENTIAL_FILE"],
  "allow-disk-wipe": ["allowDiskWipe", "METAL_ALLOW_DISK_WIPE"],
  "scratch-dir": ["scratchDir", "METAL_SCRATCH_DIR"],
  "phone-home-interval": ["phoneHomeIntervalSeconds", "METAL_PHONE_HOME_INTERVAL"],
  "heartbeat-interval": ["heartbeatIntervalSeconds", "METAL_HEARTBEAT_INTERVAL"],
  "crash-delay": ["crashDelaySeconds", "METAL_CRASH_DELAY"],
  "wait-timeout": ["waitTimeoutSeconds", "METAL_WAIT_TIMEOUT"],
  boot: ["boot", "METAL_BOOT"],
  netns: ["netns", "METAL_NETNS"],
} as const;

export class ConfigError extends Error {}

export const USAGE = `usage: tsx agents/machine/main.ts --api-url URL --partition ID --boot-credential mbc_… [options]
  --hardware /proc+/sys|PROFILE.json  hardware source (default /proc+/sys)
  --sys-root DIR                      root of /proc and /sys (default /)
  --disk-dir DIR                      lab: the machine's directory (sparse disk files, installed OS)
  --credential-file FILE              keeps the machine credential across boots (not on a wiped disk)
  --allow-disk-wipe                   real machines: allow wiping, partitioning and installing the disks
  --scratch-dir DIR                   real machines: where the image is downloaded (default /tmp)
  --phone-home-interval S  --heartbeat-interval S  --crash-delay S  --wait-timeout S (≤ 30)
  --boot pxe|disk                     run the agent (pxe) or the installed OS (disk)
  --netns NAME                        lab: the machine's network namespace; the installed OS runs its FRR there
every flag also reads METAL_<NAME> from the environment (METAL_API_URL, METAL_BOOT_CREDENTIAL, …)`;

/** Flags win over the environment; the result is validated once, naming every bad field. */
export function parseAgentConfig(argv: readonly string[], env: Record<string, string | undefined>): AgentConfig {
  const options = Object.fromEntries(Object.keys(SOURCES).map((name) => [name, { type: name === "allow-disk-wipe" ? "boolean" : "string" } as const]));
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({ args: [...argv], options, strict: true, allowPositionals: false }));
  } catch (err) {
    throw new ConfigError(`${(err as Error).message}\n${USAGE}`);
  }
  const raw: Record<string, unknown> = {};
  for (const [name, [key, envName]] of Object.entries(SOURCES)) {
    const value = values[name] ?? env[envName];
    if (value !== undefined && value !== "") raw[key] = value;
  }
  const parsed = agentConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new ConfigError(`invalid agent configuration: ${problems}\n${USAGE}`);
  }
  return parsed.data;
}
