import { mkdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import type { AgentConfig } from "./config";

/**
 * Where the agent keeps its machine credential across boots (`--credential-file`): the server
 * lets a known machine register again only with its own credential (or once after an operator's
 * re-enroll), so the agent must still have it at the next PXE boot. Real machines point this at
 * storage that survives a disk wipe (an EFI variable file, a small reserved device); the lab
 * keeps it beside the machine's disks as its "NVRAM" (the lab VM: a small raw disk, read up to
 * the first newline or NUL). Without a file the agent works as before
 * but needs a re-enroll to register an already known machine again.
 */
export async function readStoredCredential(config: AgentConfig): Promise<string | null> {
  if (!config.credentialFile) return null;
  const value = (await readFile(config.credentialFile, "utf8").catch(() => "")).split(/[\n\0]/)[0].trim();
  return /^mmc_[A-Za-z0-9_-]{43}$/.test(value) ? value : null;
}

export async function storeCredential(config: AgentConfig, credential: string): Promise<void> {
  if (!config.credentialFile) return;
  await mkdir(path.dirname(config.credentialFile), { recursive: true });
  await writeFile(config.credentialFile, `${credential}\n`, { mode: 0o600 });
}

/** A stored credential the server no longer knows (its database was reset): forget it. */
export async function forgetStoredCredential(config: AgentConfig): Promise<void> {
  if (!config.credentialFile) return;
  // A raw NVRAM device (the lab VM's small disk) is cleared, not removed.
  if (await stat(config.credentialFile).then((s) => s.isBlockDevice(), () => false)) await writeFile(config.credentialFile, Buffer.alloc(512));
  else await rm(config.credentialFile, { force: true });
}
