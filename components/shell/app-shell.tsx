import Link from "next/link";
import type { ReactNode } from "react";
import type { Principal } from "@/lib/auth/principal";
import { isAdmin } from "@/lib/auth/permissions";
import { signOut } from "@/lib/auth/next-auth";
import { listProjects } from "@/lib/services/projects";
import { NavLinks } from "./nav-links";
import { ProjectSwitcher } from "./project-switcher";

const portalNav = [
  { href: "/projects", label: "Projects" },
  { href: "/machines", label: "Machines" },
  { href: "/networks", label: "Networks" },
  { href: "/ips", label: "IPs" },
  { href: "/catalog", label: "Catalog" },
  { href: "/tokens", label: "API tokens" },
];
const adminNav = [
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
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3">
          <Link href="/" className="text-lg font-semibold tracking-tight">Metal cloud</Link>
          {admin && (
            <nav aria-label="Areas" className="flex gap-1 rounded-md bg-slate-100 p-1 text-sm">
              <Link href="/projects" className={`rounded px-2 py-1 ${area === "portal" ? "bg-white shadow-sm" : "text-slate-600"}`}>Portal</Link>
              <Link href="/admin/tenants" className={`rounded px-2 py-1 ${area === "admin" ? "bg-white shadow-sm" : "text-slate-600"}`}>Admin console</Link>
            </nav>
          )}
          <div className="ml-auto flex flex-wrap items-center gap-3 text-sm">
            {area === "portal" && <ProjectSwitcher projects={projects.items.map((p) => ({ id: p.id, label: `${p.tenantName} / ${p.name}`, role: p.myRole }))} />}
            <div className="text-right leading-tight">
              <div className="font-medium" data-testid="user-name">{principal.name}</div>
              <div className="text-xs text-slate-500" data-testid="user-role">{roleSummary(principal)}</div>
            </div>
            <form action={logout}>
              <button className="rounded-md border border-slate-300 px-3 py-1.5 hover:bg-slate-50">Sign out</button>
            </form>
          </div>
        </div>
        <div className="mx-auto max-w-7xl px-4">
          <NavLinks items={area === "admin" ? adminNav : portalNav} label={area === "admin" ? "Admin console" : "Portal"} />
        </div>
      </header>
      <main className="mx-auto w-full max-w-7xl flex-1 px-4 py-6">{children}</main>
    </div>
  );
}
