import type { ReactNode } from "react";
import { AppShell } from "@/components/shell/app-shell";
import { EmptyState } from "@/components/ui/states";
import { isAdmin } from "@/lib/auth/permissions";
import { requirePrincipal } from "@/lib/auth/session";

export default async function AdminLayout({ children }: { children: ReactNode }) {
  const principal = await requirePrincipal();
  if (!isAdmin(principal.grants)) {
    return (
      <AppShell principal={principal} area="portal">
        <EmptyState title="Operators only" body="The admin console needs an operator role. Ask an operator if you need one." />
      </AppShell>
    );
  }
  return <AppShell principal={principal} area="admin">{children}</AppShell>;
}
