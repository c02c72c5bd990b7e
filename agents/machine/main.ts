import { runAgent } from "./agent";
import { ConfigError, parseAgentConfig } from "./config";
import { consoleLogger } from "./log";

/**
 * The machine agent as a program: `tsx agents/machine/main.ts --api-url … --partition … --boot-credential mbc_…`
 * (or METAL_* environment variables, as the iPXE kernel command line sets them).
 * SIGINT/SIGTERM stop it cleanly (in-flight requests are aborted).
 */
async function main(): Promise<void> {
  let config;
  try {
    config = parseAgentConfig(process.argv.slice(2), process.env);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    console.error(err.message);
    process.exit(2);
  }
  const controller = new AbortController();
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => controller.abort());
  const log = consoleLogger(`agent[${config.partition}]`);
  log("info", `starting: API ${config.apiUrl}, hardware ${config.hardware}, boot ${config.boot}${config.diskDir ? `, lab disks in ${config.diskDir}` : ""}`);
  await runAgent(config, { signal: controller.signal, log });
  log("info", "stopped");
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
