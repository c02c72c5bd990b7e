import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { exited, isProcessAlive, waitForProcessDeath } from "./process-group";

describe("waitForProcessDeath", () => {
  it("is false for a process that stays alive past the deadline, true once it is killed", async () => {
    const child = spawn("sleep", ["30"], { stdio: "ignore" });
    const pid = child.pid as number;
    try {
      expect(await waitForProcessDeath(pid, 100)).toBe(false);
      child.kill("SIGKILL");
      expect(await waitForProcessDeath(pid, 10_000)).toBe(true);
      expect(isProcessAlive(pid)).toBe(false);
    } finally {
      child.kill("SIGKILL");
      await exited(child);
    }
  });
});
