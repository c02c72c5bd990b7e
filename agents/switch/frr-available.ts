import { missingFrr } from "./frr-validate";

/**
 * For tests that need FRR (and root for namespaces): under CI a missing FRR fails the file (CI
 * installs it, .ci/run); locally the tests are skipped with the reason printed.
 */
export function frrOrSkip(what: string, opts: { root?: boolean } = {}): string | null {
  const missing = missingFrr() ?? (opts.root && process.getuid?.() !== 0 ? "needs root (network namespaces, FRR daemons)" : null);
  if (missing && process.env.CI) throw new Error(`${what} must run under CI: ${missing}`);
  if (missing) console.warn(`skipping ${what}: ${missing}`);
  return missing;
}
