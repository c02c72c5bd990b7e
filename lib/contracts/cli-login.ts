import { createHash } from "node:crypto";
import { z } from "zod";

/**
 * `metal login` in the browser (the `gh auth login --web` pattern): the CLI listens on
 * http://127.0.0.1:<port>/callback and opens /cli-login?port=…&state=…&name=…; the signed-in
 * user confirms a token there, and the page posts it (with the state) to that loopback address
 * only. Shared by the portal page and the CLI.
 */
export const cliLoginQuery = z.object({
  port: z.coerce.number().int().min(1024).max(65535),
  /** The CLI's random state: 256 bits, base64url. */
  state: z.string().regex(/^[A-Za-z0-9_-]{43,128}$/, "must be the state the CLI generated"),
  /** The computer the CLI runs on, for the token's description. */
  name: z.string().trim().max(64).regex(/^[\w .@-]*$/).catch("").default(""),
});
export type CliLoginQuery = z.infer<typeof cliLoginQuery>;

/** The loopback address the token goes to: never a host from the request. */
export function cliCallbackUrl(port: number): string {
  return `http://127.0.0.1:${port}/callback`;
}

/**
 * A short code derived from the state, shown by the CLI and by the page: a person who did not
 * start `metal login` themselves sees no matching code in a terminal and should not confirm.
 */
export function cliLoginCode(state: string): string {
  const alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  const digest = createHash("sha256").update(state).digest();
  const chars = Array.from(digest.subarray(0, 8), (b) => alphabet[b % alphabet.length]).join("");
  return `${chars.slice(0, 4)}-${chars.slice(4)}`;
}
