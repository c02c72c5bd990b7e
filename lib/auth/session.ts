import { redirect } from "next/navigation";
import { principalForUser } from "@/lib/services/users";
import { auth } from "./next-auth";
import type { Principal } from "./principal";

/** The logged-in user for server components, or null. */
export async function getSessionPrincipal(): Promise<Principal | null> {
  const session = await auth();
  const userId = (session?.user as { id?: string } | undefined)?.id;
  return userId ? principalForUser(userId) : null;
}

/** Pages call this first: no session (or a user that no longer exists) goes to the login page. */
export async function requirePrincipal(): Promise<Principal> {
  const principal = await getSessionPrincipal();
  if (!principal) redirect("/login");
  return principal;
}
