import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { CliLoginConfirm } from "@/components/tokens/cli-login-confirm";
import { getSessionPrincipal } from "@/lib/auth/session";
import { cliCallbackUrl, cliLoginCode, cliLoginQuery } from "@/lib/contracts/cli-login";

export const metadata: Metadata = { title: "Log in the metal CLI" };

/**
 * `metal login` opens this page (the CLI listens on 127.0.0.1:port). Signed-out visitors log in
 * first and come back here. Nothing happens without the person's click on "Authorize".
 */
export default async function CliLoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const raw = await searchParams;
  const query = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
  if (!(await getSessionPrincipal())) {
    const back = `/cli-login?${new URLSearchParams(Object.entries(query).filter((e): e is [string, string] => typeof e[1] === "string")).toString()}`;
    redirect(`/login?callbackUrl=${encodeURIComponent(back)}`);
  }
  const parsed = cliLoginQuery.safeParse(query);
  return (
    <main className="mx-auto flex min-h-screen max-w-2xl flex-col justify-center gap-6 p-6">
      <h1 className="text-2xl font-semibold tracking-tight">Log in the metal CLI</h1>
      {parsed.success ? (
        <CliLoginConfirm
          callbackUrl={cliCallbackUrl(parsed.data.port)}
          state={parsed.data.state}
          code={cliLoginCode(parsed.data.state)}
          computer={parsed.data.name}
        />
      ) : (
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-800">
          This link is not a valid CLI login request. Run <code>metal login</code> in your terminal and use the link it prints.
        </p>
      )}
    </main>
  );
}
