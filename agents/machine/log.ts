/** The agent logs through one function so the lab can prefix or silence each machine. */
export type LogLevel = "debug" | "info" | "warn" | "error";
export type Logger = (level: LogLevel, message: string) => void;

export function consoleLogger(prefix = "agent"): Logger {
  return (level, message) => {
    if (level === "debug") return;
    const line = `${new Date().toISOString()} ${prefix} ${level}: ${message}`;
    if (level === "error" || level === "warn") console.error(line);
    else console.log(line);
  };
}

export const silentLogger: Logger = () => {};

/** Resolves after `ms`, or at once when the signal aborts; true when the full time passed. */
export function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", done);
      resolve(true);
    }, ms);
    signal.addEventListener("abort", done, { once: true });
  });
}
