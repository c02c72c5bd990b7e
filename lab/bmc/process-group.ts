import { readFileSync } from "node:fs";
import type { ChildProcess } from "node:child_process";

/**
 * Stopping a process tree here needs care: PID 1 in these containers does not reap orphans,
 * so a killed process can linger as a zombie ("Z" in /proc/PID/stat) and `kill(pid, 0)` still
 * succeeds for it. And ipmi_sim runs its chassis program through popen: killing ipmi_sim alone
 * would orphan a running one. So children are started in their own process group and stopped
 * by signalling the group.
 */
export function isProcessAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // "pid (comm) S …": comm may contain spaces and parentheses, the state follows the last ")".
    const state = stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3);
    return state !== "Z" && state !== "X";
  } catch {
    return false;
  }
}

/**
 * Waits until `pid` is gone (or a zombie), polling with a deadline: a SIGKILL is delivered
 * asynchronously, and on a busy machine the kernel may take a while to tear the process down.
 * False when it is still alive at the deadline.
 */
export async function waitForProcessDeath(pid: number, deadlineMs = 10_000, pollMs = 20): Promise<boolean> {
  const deadline = Date.now() + deadlineMs;
  while (isProcessAlive(pid)) {
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
  return true;
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // The group is already gone.
  }
}

/** Resolves when the child has exited (at once if it already has). */
export function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once("exit", () => resolve()));
}

/**
 * SIGTERM to the child's process group; SIGKILL after `graceMs` if the child is still there.
 * The child must have been spawned with `detached: true` (its own group). Resolves once the
 * child has exited and been reaped by us (we are its parent).
 */
export async function stopProcessGroup(child: ChildProcess, graceMs = 2000): Promise<void> {
  const pid = child.pid;
  if (pid === undefined) return;
  const done = exited(child);
  signalGroup(pid, "SIGTERM");
  let timer: NodeJS.Timeout | undefined;
  const grace = new Promise<"late">((resolve) => {
    timer = setTimeout(() => resolve("late"), graceMs);
  });
  if ((await Promise.race([done, grace])) === "late") signalGroup(pid, "SIGKILL");
  clearTimeout(timer);
  await done;
  // No signal after the leader is gone: its group ID could by then belong to someone else.
}
