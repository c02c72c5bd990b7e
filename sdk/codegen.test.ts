import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { GENERATED_FILES, renderSdk } from "./codegen";

const ROOT = path.resolve(import.meta.dirname, "..");

describe("generated SDK", () => {
  it("matches the current OpenAPI document (run `npm run sdk:generate` after changing an endpoint)", async () => {
    const fresh = await renderSdk();
    for (const [key, file] of Object.entries(GENERATED_FILES)) {
      const committed = readFileSync(path.join(ROOT, file), "utf8");
      expect(committed, `${file} is out of date: run npm run sdk:generate`).toBe(fresh[key as keyof typeof fresh]);
    }
  });
});
