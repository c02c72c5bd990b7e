import { FileQuestion } from "lucide-react";
import Link from "next/link";
import { AppShell } from "@/components/shell/app-shell";
import { getSessionPrincipal } from "@/lib/auth/session";

/**
 * Our own 404 (Next.js's default one carries an inline style element the CSP refuses), inside
 * the app shell when someone is signed in, so the navigation and search stay at hand.
 */
export default async function NotFound() {
  const principal = await getSessionPrincipal().catch(() => null);
  const body = (
    <div className="mx-auto flex max-w-xl flex-col items-start gap-4 py-12">
      <FileQuestion aria-hidden className="size-10 text-brand-700" />
      <h1 className="text-2xl font-semibold">Page not found</h1>
      <p className="text-slate-600">There is nothing at this address. It may have moved, or the link is mistyped.</p>
      <div className="flex gap-4 text-sm">
        <Link href="/" className="text-brand-700 underline">Overview</Link>
        <Link href="/machines" className="text-brand-700 underline">Machines</Link>
      </div>
    </div>
  );
  if (!principal) return <main id="main" className="mx-auto min-h-screen max-w-xl p-6">{body}</main>;
  return <AppShell principal={principal} area="portal">{body}</AppShell>;
}
