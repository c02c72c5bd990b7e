import { z } from "zod";

/**
 * Runs in the browser before the app's own code. zod compiles object parsers with `new Function`
 * where it may, and probes for that once; under the pages' Content-Security-Policy (no
 * 'unsafe-eval', lib/http/security-headers.ts) the probe is a reported violation. Parsing without
 * the compiled fast path is plenty fast for forms.
 */
z.config({ jitless: true });
