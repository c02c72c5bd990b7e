import type { Grant } from "./grants";

/**
 * Who is calling. A token principal acts for its owner, with the token's grants cut down to
 * what the owner still holds. System principals are the shell bootstrap, the seed and workers.
 */
export type Principal = {
  kind: "user" | "token" | "system";
  userId: string | null;
  tokenId?: string;
  name: string;
  email: string;
  grants: Grant[];
};

/** What a service needs to know about the call: who, and which request (for the audit log). */
export type Actor = { principal: Principal; requestId?: string };

export function systemActor(name = "system", grants: Grant[] = [{ scope: "admin", role: "editor" }]): Actor {
  return { principal: { kind: "system", userId: null, name, email: "", grants } };
}
