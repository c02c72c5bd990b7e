import type { Metadata } from "next";
import { OperatorHome } from "@/components/overview/operator-home";
import { requirePrincipal } from "@/lib/auth/session";
import { operatorOverview } from "@/lib/services/overview";

export const metadata: Metadata = { title: "Overview · Admin" };

/** The admin console's home (the layout already turned non-operators away). */
export default async function AdminHome() {
  const principal = await requirePrincipal();
  return <OperatorHome data={await operatorOverview({ principal })} />;
}
