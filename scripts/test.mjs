#!/usr/bin/env node
/**
 * `npm test`: every test — Vitest (unit + integration on PGlite, and on PostgreSQL when
 * TEST_DATABASE_URL is set) then Playwright (the real app in Debian's Chromium).
 * Ends with one plain summary line, "N passed, N failed", for humans and CI alike.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const out = path.resolve(".data/test-results");
fs.mkdirSync(out, { recursive: true });
const only = process.argv[2]; // "unit" or "e2e" to run one half

function run(cmd, args, env = {}) {
  const r = spawnSync(cmd, args, { stdio: "inherit", env: { ...process.env, ...env } });
  return r.status ?? 1;
}

function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8"));
  } catch {
    return null;
  }
}

let passed = 0;
let failed = 0;
let skipped = 0;
let exit = 0;

if (only !== "e2e") {
  const file = path.join(out, "vitest.json");
  fs.rmSync(file, { force: true });
  const code = run("npx", ["vitest", "run", "--reporter=default", "--reporter=json", `--outputFile.json=${file}`]);
  const r = readJson(file);
  if (r) {
    passed += r.numPassedTests;
    failed += r.numFailedTests;
    // A test file that fails while loading (e.g. PostgreSQL or the IPMI tools missing under CI)
    // has no test results: count it as one failure, so the summary line cannot read "0 failed".
    failed += r.testResults.filter((f) => f.status === "failed" && f.assertionResults.every((a) => a.status !== "failed")).length;
    skipped += r.numPendingTests + (r.numTodoTests ?? 0);
  } else failed += 1;
  if (code !== 0) exit = code;
}

if (only !== "unit") {
  const file = path.join(out, "playwright.json");
  fs.rmSync(file, { force: true });
  const code = run("npx", ["playwright", "test", "--reporter=list,json"], { PLAYWRIGHT_JSON_OUTPUT_NAME: file });
  const r = readJson(file);
  if (r?.stats) {
    passed += r.stats.expected + r.stats.flaky;
    failed += r.stats.unexpected;
    skipped += r.stats.skipped;
  } else failed += 1;
  if (code !== 0) exit = code;
}

if (passed === 0 && exit === 0) exit = 1; // a run that tested nothing is not a pass
console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(exit || (failed > 0 ? 1 : 0));
