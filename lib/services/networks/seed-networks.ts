import { eq } from "drizzle-orm";
import type { Actor } from "@/lib/auth/principal";
import { getDb } from "@/lib/db/client";
import { networks } from "@/lib/db/schema";
import { createNetwork } from "./networks";

/**
 * Embedded demo networks of the lab partition: a dual-stack super network tenants cut their
 * private networks from, and an external "internet" network (documentation ranges, NAT).
 * Idempotent by network id.
 */
export async function seedNetworks(actor: Actor, partitionId = "lab"): Promise<void> {
  const db = await getDb();
  const exists = async (id: string) => (await db.select({ id: networks.id }).from(networks).where(eq(networks.id, id)).limit(1)).length > 0;
  if (!(await exists("lab-tenant-super"))) {
    await createNetwork(actor, {
      kind: "super", id: "lab-tenant-super", name: "lab tenant networks", description: "Private networks of tenants are cut from here.",
      partitionId, prefixes: ["10.128.0.0/14", "fd00:a::/48"], destinationPrefixes: [],
      defaultChildPrefixLength: { ipv4: 22, ipv6: 64 }, minChildPrefixLength: { ipv4: 20 }, nat: "none", allowedProjectIds: null, labels: {},
    });
  }
  if (!(await exists("internet"))) {
    await createNetwork(actor, {
      kind: "external", id: "internet", name: "internet", description: "Public addresses, masqueraded for private networks.",
      partitionId, prefixes: ["203.0.113.0/24"], destinationPrefixes: ["0.0.0.0/0"],
      defaultChildPrefixLength: {}, minChildPrefixLength: {}, vrf: 104009, nat: "ipv4-masq", allowedProjectIds: null, labels: {},
    });
  }
}
