import { afterEach, describe, expect, it, vi } from "vitest";
import { resetEnv } from "@/lib/env";
import { requirePostgres, testEngines } from "./databases";

describe("PostgreSQL for the tests", () => {
  afterEach(() => {
    resetEnv();
    vi.restoreAllMocks();
  });

  it("under CI, a missing TEST_DATABASE_URL fails the test file, saying how to set it", () => {
    resetEnv({ CI: "true", TEST_DATABASE_URL: undefined });
    expect(() => requirePostgres("race.test.ts")).toThrow(/race\.test\.ts needs PostgreSQL under CI.*TEST_DATABASE_URL=postgres:\/\//);
    expect(() => testEngines()).toThrow(/databases\.test\.ts needs PostgreSQL under CI/);
  });

  it("locally it skips the PostgreSQL runs and prints how to enable them, once per file", () => {
    resetEnv({ CI: undefined, TEST_DATABASE_URL: undefined });
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    expect(requirePostgres("local.test.ts")).toBeNull();
    expect(requirePostgres("local.test.ts")).toBeNull();
    expect(testEngines()).toEqual(["pglite"]);
    expect(warn.mock.calls.map((c) => String(c[0]))).toEqual([
      expect.stringMatching(/^local\.test\.ts: skipping the PostgreSQL runs; to run them, start PostgreSQL and set TEST_DATABASE_URL=/),
      expect.stringMatching(/^databases\.test\.ts: skipping/),
    ]);
  });

  it("with TEST_DATABASE_URL, both engines", () => {
    resetEnv({ CI: "true", TEST_DATABASE_URL: "postgres://postgres@127.0.0.1:5432/metal_test" });
    expect(testEngines()).toEqual(["pglite", "postgres"]);
    expect(requirePostgres("x.test.ts")).toBe("postgres://postgres@127.0.0.1:5432/metal_test");
  });
});
