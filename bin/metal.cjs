#!/usr/bin/env node
/**
 * `metal` (package.json bin; `npx metal` in a checkout). Runs the CLI as one esbuild bundle,
 * because starting it through tsx costs ~0.7 s and the CLI must answer in well under 0.5 s.
 * The bundle lives in node_modules/.cache/metal-cli (never committed) and is rebuilt here,
 * in ~0.3 s, whenever it is missing or one of its source files (or package-lock.json, or this
 * file) is newer than it — so an edited checkout never runs stale code and no install or build
 * step is needed first. V8's code cache for it sits beside it (see run()).
 */
"use strict";
const fs = require("node:fs");
const Module = require("node:module");
const path = require("node:path");
const vm = require("node:vm");

const root = path.resolve(__dirname, "..");
const outDir = path.join(root, "node_modules", ".cache", "metal-cli");
const bundle = path.join(outDir, "metal.cjs");
const inputsFile = path.join(outDir, "inputs.json");
const codeCache = path.join(outDir, "metal.v8cache");

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

/**
 * Runs the bundle as CommonJS through vm.Script with V8's code cache (Node 20 has no
 * module.enableCompileCache): compiling the ~1.3 MB bundle is a good part of the start-up. The
 * cache is written at exit, after the command ran, so it covers the functions it compiled;
 * V8 rejects a cache that does not match the source (a rebuilt bundle), and it is written anew.
 */
function run() {
  const source = fs.readFileSync(bundle, "utf8");
  let cachedData;
  try {
    cachedData = fs.readFileSync(codeCache);
  } catch {
    // first run after a build
  }
  const script = new vm.Script(Module.wrap(source), { filename: bundle, cachedData });
  if (!cachedData || script.cachedDataRejected) {
    process.once("exit", () => {
      try {
        const tmp = `${codeCache}.${process.pid}.tmp`;
        fs.writeFileSync(tmp, script.createCachedData());
        fs.renameSync(tmp, codeCache);
      } catch {
        // a read-only checkout still runs, only slower
      }
    });
  }
  const mod = { exports: {} };
  script.runInThisContext().call(mod.exports, mod.exports, Module.createRequire(bundle), mod, bundle, outDir);
}

if (stale()) build();
run();
