import { spawnSync } from "node:child_process";

/**
 * For tests: which of OpenIPMI's ipmi_sim / sdrcomp and ipmitool is missing on this machine
 * (null when all are there). CI installs them (.ci/run), so tests fail there instead of skipping.
 */
export function missingIpmiTools(): string | null {
  const tools: Array<[string, string[]]> = [["ipmi_sim", ["--version"]], ["sdrcomp", ["--help"]], ["ipmitool", ["-V"]]];
  const missing = tools.filter(([cmd, args]) => (spawnSync(cmd, args, { stdio: "ignore" }).error as NodeJS.ErrnoException | undefined)?.code === "ENOENT");
  return missing.length ? `${missing.map(([cmd]) => cmd).join(", ")} not installed (apt-get install openipmi ipmitool)` : null;
}
