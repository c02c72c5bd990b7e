import { LogOut, Server } from "lucide-react";
import Link from "next/link";
import type { ReactNode } from "react";
import type { Principal } from "@/lib/auth/principal";
import { isAdmin } from "@/lib/auth/permissions";
import { signOut } from "@/lib/auth/next-auth";
import { listProjects } from "@/lib/services/projects";
import { NavLinks } from "./nav-links";
import { CommandPalette } from "@/components/ui/command-palette";
import { ThemeToggle } from "@/components/ui/theme";
import { ProjectSwitcher } from "./project-switcher";

const portalNav = [
  { href: "/", label: "Overview" },
  { href: "/projects", label: "Projects" },
  { href: "/machines", label: "Machines" },
  { href: "/networks", label: "Networks" },
  { href: "/ips", label: "IPs" },
  { href: "/catalog", label: "Catalog" },
  { href: "/tokens", label: "API tokens" },
];
const adminNav = [
  { href: "/admin", label: "Overview" },
  { href: "/admin/tenants", label: "Tenants" },
  { href: "/admin/projects", label: "All projects" },
  { href: "/admin/machines", label: "Machines" },
  { href: "/admin/switches", label: "Switches" },
  { href: "/admin/partitions", label: "Partitions" },
  { href: "/admin/sizes", label: "Sizes" },
  { href: "/admin/images", label: "Images" },
  { href: "/admin/filesystem-layouts", label: "Layouts" },
  { href: "/admin/size-reservations", label: "Reservations" },
  { href: "/admin/networks", label: "Networks" },
  { href: "/admin/audit", label: "Audit log" },
];

/** Describes the user's strongest roles in a few words, for the header. */
function roleSummary(p: Principal): string {
  const admin = p.grants.find((g) => g.scope === "admin");
  const tenantRoles = p.grants.filter((g) => g.scope !== "admin").map((g) => g.role);
  const parts = [admin ? `operator (${admin.role})` : null, tenantRoles.length ? [...new Set(tenantRoles)].join(", ") : null].filter(Boolean);
  return parts.join(" · ") || "no roles";
}

export async function AppShell({ principal, area, children }: { principal: Principal; area: "portal" | "admin"; children: ReactNode }) {
  const projects = await listProjects({ principal }, { limit: 200 });
  const admin = isAdmin(principal.grants);
  async function logout() {
    "use server";
    await signOut({ redirectTo: "/login" });
  }
  return (
    <div className="flex min-h-screen flex-col">
      <a href="#main" className="skip-link">Skip to content</a>
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-7xl items-center gap-2 px-4 py-2.5 sm:gap-4 sm:py-3">
          <Link href={area === "admin" ? "/admin" : "/"} className="flex shrink-0 items-center gap-2 text-lg font-semibold tracking-tight">
            <Server aria-hidden className="size-5 text-brand-700" />
            <span className="hidden sm:inline">Metal cloud</span>
            <span className="sr-only sm:hidden">Metal cloud</span>
          </Link>
          {admin && (
            <nav aria-label="Areas" className="flex shrink-0 gap-0.5 rounded-md bg-slate-100 p-0.5 text-sm sm:gap-1 sm:p-1">
              <Link href="/" aria-current={area === "portal" ? "page" : undefined} className={`rounded px-2 py-1 ${area === "portal" ? "hidden bg-white shadow-sm sm:inline" : "text-slate-600"}`}>Portal</Link>
              <Link href="/admin" aria-current={area === "admin" ? "page" : undefined} className={`rounded px-2 py-1 ${area === "admin" ? "hidden bg-white shadow-sm sm:inline" : "text-slate-600"}`}>
                Admin<span className="hidden md:inline"> console</span>
              </Link>
            </nav>
          )}
          <div className="ml-auto flex min-w-0 items-center gap-1.5 text-sm sm:gap-3">
            {area === "portal" && <ProjectSwitcher projects={projects.items.map((p) => ({ id: p.id, tenant: p.tenantName, name: p.name, role: p.myRole }))} />}
            <CommandPalette area={area} pages={area === "admin" ? adminNav : portalNav} />
            <ThemeToggle />
            <div className="hidden text-right leading-tight md:block">
              <div className="font-medium" data-testid="user-name">{principal.name}</div>
              <div className="text-xs text-slate-500" data-testid="user-role">{roleSummary(principal)}</div>
            </div>
            <form action={logout}>
              <button aria-label="Sign out" title={`Sign out ${principal.name}`} className="inline-flex items-center gap-1.5 rounded-md border border-slate-300 px-2 py-1.5 hover:bg-slate-50 sm:px-3">
                <LogOut aria-hidden className="size-4 sm:hidden" />
                <span className="hidden sm:inline">Sign out</span>
              </button>
            </form>
          </div>
        </div>
        <div className="mx-auto max-w-7xl px-4">
          <NavLinks items={area === "admin" ? adminNav : portalNav} label={area === "admin" ? "Admin console" : "Portal"} />
        </div>
      </header>
      <main id="main" tabIndex={-1} className="mx-auto w-full max-w-7xl flex-1 px-4 py-6 outline-none">{children}</main>
    </div>
  );
}
