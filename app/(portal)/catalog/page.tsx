import type { Metadata } from "next";
import { CatalogPage } from "@/components/catalog/catalog-page";

export const metadata: Metadata = { title: "Catalog" };

/** Read-only for everyone signed in (tenants and operators alike); the layout requires a session. */
export default function Page() {
  return <CatalogPage />;
}
