import type { Metadata } from "next";
import { AuditPage } from "@/components/admin/audit-page";
import { auditFiltersFrom } from "@/components/admin/audit-params";
import { requirePrincipal } from "@/lib/auth/session";
import { auditVocabulary } from "@/lib/services/audit";

export const metadata: Metadata = { title: "Audit log" };

export default async function Page({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const principal = await requirePrincipal();
  const params = await searchParams;
  return <AuditPage filters={auditFiltersFrom((name) => params[name])} suggestions={await auditVocabulary({ principal })} />;
}
