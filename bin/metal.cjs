#!/usr/bin/env node
/**
 * `metal` (package.json bin; `npx metal` in a checkout). Runs the CLI as one esbuild bundle,
 * because starting it through tsx costs ~0.7 s and the CLI must answer in well under 0.5 s.
 * The bundle lives in node_modules/.cache/metal-cli (never committed) and is rebuilt here,
 * in ~0.3 s, whenever it is missing or one of its source files (or package-lock.json, or this
 * file) is newer than it — so an edited checkout never runs stale code and no install or build
 * step is needed first.
 */
"use strict";
const fs = require("node:fs");
const path = require("node:path");

const root = path.resolve(__dirname, "..");
const outDir = path.join(root, "node_modules", ".cache", "metal-cli");
const bundle = path.join(outDir, "metal.cjs");
const inputsFile = path.join(outDir, "inputs.json");

function stale() {
  let built;
  try {
    built = fs.statSync(bundle).mtimeMs;
    const inputs = JSON.parse(fs.readFileSync(inputsFile, "utf8"));
    return inputs.some((file) => {
      try {
        return fs.statSync(path.join(root, file)).mtimeMs > built;
      } catch {
        return true; // a source file was removed or renamed
      }
    });
  } catch {
    return true;
  }
}

function build() {
  let esbuild;
  try {
    esbuild = require("esbuild");
  } catch {
    process.stderr.write("metal: the CLI is bundled with esbuild on first use; run `npm install` in the checkout first\n");
    process.exit(1);
  }
  fs.mkdirSync(outDir, { recursive: true });
  const tmp = `${bundle}.${process.pid}.tmp`;
  const result = esbuild.buildSync({
    entryPoints: [path.join(root, "cli/main.ts")],
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "node20",
    outfile: tmp,
    alias: { "@": root },
    tsconfig: path.join(root, "tsconfig.json"),
    metafile: true,
    logLevel: "error",
    legalComments: "none",
  });
  // Our own sources, plus the lockfile standing for every dependency (npm install rewrites it).
  const inputs = Object.keys(result.metafile.inputs).map((f) => path.relative(root, path.resolve(root, f))).filter((f) => !f.startsWith("node_modules"));
  inputs.push("package-lock.json", "bin/metal.cjs");
  // Rename last: a concurrent `metal` sees either the old complete bundle or the new one.
  fs.writeFileSync(`${inputsFile}.${process.pid}.tmp`, JSON.stringify(inputs));
  fs.renameSync(`${inputsFile}.${process.pid}.tmp`, inputsFile);
  fs.renameSync(tmp, bundle);
}

if (stale()) build();
require(bundle);
