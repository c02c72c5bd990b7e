import type { Metadata } from "next";
import { SwitchesPage } from "@/components/admin/switches-page";
import { requirePrincipal } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Switches" };

export default async function Page() {
  await requirePrincipal();
  return <SwitchesPage />;
}
