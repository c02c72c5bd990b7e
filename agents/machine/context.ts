import type { AgentClient } from "./client";
import type { AgentConfig } from "./config";
import type { Logger } from "./log";

/** What one running agent shares between its main loop, its heartbeat and the installed OS. */
export type AgentContext = {
  config: AgentConfig;
  /** Its bearer changes: boot credential → machine credential at registration. */
  client: AgentClient;
  /** The hardware UUID, once read. */
  machineId: string | null;
  /** The generation of the install being worked on (named in every message about it), else null. */
  installGeneration: number | null;
  signal: AbortSignal;
  log: Logger;
};
