import { readFileSync } from "node:fs";
import path from "node:path";

/** Test helper: a captured ipmitool output under ./fixtures ("" when a stream was empty and not stored). */
export function fixture(name: string): string {
  try {
    return readFileSync(path.join(import.meta.dirname, "fixtures", name), "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT" && name.endsWith(".stdout.txt")) return "";
    throw err;
  }
}
