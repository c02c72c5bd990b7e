import { eq } from "drizzle-orm";
import { systemActor } from "@/lib/auth/principal";
import type { Role } from "@/lib/auth/grants";
import { getDb } from "@/lib/db/client";
import { projects, tenants, users } from "@/lib/db/schema";
import { uuidv7 } from "@/lib/domain/ids";
import { demoUsers } from "@/lab/idp/demo-users";
import { seedCatalog } from "./catalog/seed-catalog";
import { seedNetworks } from "./networks/seed-networks";
import { createProject } from "./projects";
import { createTenant } from "./tenants";

const demoTenants: { name: string; description: string; prefix: string; projects: string[] }[] = [
  { name: "acme", description: "Acme Corp — demo tenant", prefix: "acme", projects: ["web"] },
  { name: "globex", description: "Globex — demo tenant", prefix: "globex", projects: ["analytics"] },
];

/**
 * Embedded-mode demo data: two tenants whose roles map from the dev IdP's groups, a project
 * each, the demo users (so the shell bootstrap can mint tokens before anyone logs in) a
 * small catalog (partition, sizes, images, layouts) and the lab networks, so that a new user sees a working system.
 * Idempotent: existing rows are left alone.
 */
export async function seedDemo(): Promise<void> {
  const db = await getDb();
  const actor = systemActor("seed");
  for (const t of demoTenants) {
    const [existing] = await db.select().from(tenants).where(eq(tenants.name, t.name)).limit(1);
    if (existing) continue;
    const groupRoles: Record<string, Role> = { [`${t.prefix}-owners`]: "owner", [`${t.prefix}-editors`]: "editor", [`${t.prefix}-viewers`]: "viewer" };
    const tenant = await createTenant(actor, { name: t.name, description: t.description, groupRoles, quotas: {} });
    for (const p of t.projects) {
      const [exists] = await db.select().from(projects).where(eq(projects.name, p)).limit(1);
      if (!exists) await createProject(actor, { tenantId: tenant.id, name: p, description: `${t.name}'s ${p} project` });
    }
  }
  for (const u of demoUsers) {
    await db.insert(users).values({ id: uuidv7(), subject: u.sub, email: u.email, name: u.name, groups: u.groups }).onConflictDoNothing();
  }
  await seedCatalog(actor);
  await seedNetworks(actor);
}
