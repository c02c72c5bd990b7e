import Link from "next/link";

/** Our own 404 page: Next.js's default one carries an inline style element the CSP refuses. */
export default function NotFound() {
  return (
    <main className="mx-auto flex min-h-screen max-w-xl flex-col justify-center gap-4 p-6">
      <h1 className="text-2xl font-semibold">Page not found</h1>
      <p className="text-slate-600">There is nothing at this address.</p>
      <Link href="/" className="text-brand-700 underline">Back to the portal</Link>
    </main>
  );
}
