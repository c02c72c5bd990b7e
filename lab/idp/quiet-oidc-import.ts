/**
 * oidc-provider v9 declares Node 22+ and, when imported on Node 20 (which this repo targets,
 * engines >=20.19, and on which the flows we use work — see dev-idp.test.ts), prints
 * "oidc-provider WARNING: Unsupported runtime ..." on every process start.
 *
 * Importing this module patches console.warn to drop exactly that line; import it directly
 * above `oidc-provider` (ES modules evaluate imports in order) and call restoreConsoleWarn()
 * right after the imports. A static import is used on purpose: a dynamic import("oidc-provider")
 * fails under tsx on Node 20 when an .mts entry loads this CJS-compiled file.
 */
const original = console.warn;

console.warn = (...args: unknown[]) => {
  if (typeof args[0] === "string" && args[0].includes("oidc-provider WARNING: Unsupported runtime")) return;
  original.apply(console, args);
};

export function restoreConsoleWarn(): void {
  console.warn = original;
}
