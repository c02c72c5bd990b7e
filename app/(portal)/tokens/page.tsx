import type { Metadata } from "next";
import { TokensPage } from "@/components/tokens/tokens-page";
import { requirePrincipal } from "@/lib/auth/session";

export const metadata: Metadata = { title: "API tokens" };

export default async function Page() {
  await requirePrincipal();
  return <TokensPage />;
}
