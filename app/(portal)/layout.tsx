import type { ReactNode } from "react";
import { AppShell } from "@/components/shell/app-shell";
import { requirePrincipal } from "@/lib/auth/session";

export default async function PortalLayout({ children }: { children: ReactNode }) {
  const principal = await requirePrincipal();
  return <AppShell principal={principal} area="portal">{children}</AppShell>;
}
