import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { signIn } from "@/lib/auth/next-auth";
import { getSessionPrincipal } from "@/lib/auth/session";
import { getEnv } from "@/lib/env";
import { demoUsers } from "@/lab/idp/demo-users";

export const metadata: Metadata = { title: "Sign in" };

const errorText: Record<string, string> = {
  AccessDenied: "Sign-in was cancelled or refused by the identity provider.",
  Configuration: "Sign-in is misconfigured on the server. Ask an operator to check the OIDC settings.",
  Verification: "The sign-in link is no longer valid. Try again.",
};

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ error?: string; callbackUrl?: string }> }) {
  const { error, callbackUrl } = await searchParams;
  if (await getSessionPrincipal()) redirect("/");
  const env = getEnv();
  // Only same-site paths are honoured as a post-login destination.
  const redirectTo = callbackUrl?.startsWith("/") && !callbackUrl.startsWith("//") ? callbackUrl : "/";

  async function login() {
    "use server";
    await signIn("oidc", { redirectTo });
  }

  return (
    <main className="mx-auto flex min-h-screen max-w-3xl flex-col justify-center gap-8 p-6">
      <div>
        <h1 className="text-3xl font-semibold tracking-tight">Metal cloud</h1>
        <p className="mt-2 text-slate-600">Physical machines, private networks and IP addresses — self-service.</p>
      </div>
      {error && (
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-800">
          {errorText[error] ?? "Sign-in failed. Try again."}
        </p>
      )}
      <form action={login}>
        <button type="submit" className="rounded-md bg-brand-600 px-5 py-2.5 font-medium text-white shadow hover:bg-brand-700 focus:outline-none focus-visible:ring-2 focus-visible:ring-brand-600 focus-visible:ring-offset-2">
          {env.embedded ? "Sign in with the development IdP" : "Sign in with single sign-on"}
        </button>
      </form>
      {env.embedded && (
        <section aria-labelledby="demo-users" className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
          <h2 id="demo-users" className="font-medium">Demo users</h2>
          <p className="mt-1 text-sm text-slate-600">
            Embedded mode only. Every demo user&apos;s password is <code className="rounded bg-slate-100 px-1">{demoUsers[0].password}</code>.
          </p>
          <div className="mt-3 overflow-x-auto">
            <table className="w-full text-left text-sm">
              <thead className="text-slate-500"><tr><th className="py-1 pr-4 font-medium">Email</th><th className="py-1 font-medium">Role</th></tr></thead>
              <tbody>
                {demoUsers.map((u) => (
                  <tr key={u.sub} className="border-t border-slate-100"><td className="py-1.5 pr-4 font-mono">{u.email}</td><td className="py-1.5">{u.label}</td></tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
    </main>
  );
}
