import { consoleLogger } from "../machine/log";
import { runSwitchAgent } from "./agent";
import { ConfigError, parseSwitchAgentConfig } from "./config";

/**
 * The switch agent as a program, run on the switch next to FRR:
 * `tsx agents/switch/main.ts --api-url … --boot-credential mbc_… --id r01leaf01 --rack r01 --asn … --router-id … --uplinks swp31,swp32`
 * (or SWITCH_* environment variables). SIGINT/SIGTERM stop it; the running config stays.
 */
async function main(): Promise<void> {
  let config;
  try {
    config = parseSwitchAgentConfig(process.argv.slice(2), process.env);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    console.error(err.message);
    process.exit(2);
  }
  const controller = new AbortController();
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => controller.abort());
  const log = consoleLogger(`switch-agent[${config.id}]`);
  log("info", `starting: API ${config.apiUrl}, FRR ${config.frrDir} (vty ${config.vtySocket})${config.netns ? `, netns ${config.netns}` : ""}`);
  await runSwitchAgent(config, { dir: config.frrDir, vtySocket: config.vtySocket }, { signal: controller.signal, log });
  log("info", "stopped");
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
