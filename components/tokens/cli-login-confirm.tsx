"use client";

import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useRef, useState } from "react";
import type { Role } from "@/lib/auth/grants";
import { createTokenInput } from "@/lib/contracts/tokens";
import { ApiError, api, unwrap } from "@/lib/api-client";
import type { ApiBody } from "@/sdk";
import { fieldErrors } from "@/lib/http/problem-fields";
import { ErrorState, Loading } from "@/components/ui/states";
import { scopeKey, useMe, useRoleNames, withRole } from "./role-names";
import { RolePicker } from "./role-picker";

const DAY_MS = 24 * 60 * 60 * 1000;
const expiryOptions = [
  { days: 1, label: "1 day" },
  { days: 7, label: "7 days" },
  { days: 30, label: "30 days" },
  { days: 90, label: "90 days" },
];

/**
 * The person confirms a token for the CLI: which of their roles it carries and for how long.
 * Only then is the token created (POST /api/v1/tokens, same-origin with the session) and handed
 * to the CLI by a form POST to its loopback listener, with the CLI's state. The page never sends
 * the token anywhere else: the target is built from the port alone (cliCallbackUrl).
 */
export function CliLoginConfirm({ callbackUrl, state, code, computer }: { callbackUrl: string; state: string; code: string; computer: string }) {
  const me = useMe();
  const names = useRoleNames();
  const [chosen, setChosen] = useState<Record<string, Role> | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [handoff, setHandoff] = useState<{ token?: string; error?: string } | null>(null);
  const form = useRef<HTMLFormElement>(null);
  const create = useMutation({
    mutationFn: (body: ApiBody<"/api/v1/tokens", "post">) => unwrap(api.POST("/api/v1/tokens", { body })),
    onSuccess: (token) => send({ token: token.secret }),
    onError: (err) => setErrors(err instanceof ApiError ? err.fieldErrors() : {}),
  });

  function send(fields: { token?: string; error?: string }) {
    setHandoff(fields);
    // Submitted after React has rendered the hidden fields.
    queueMicrotask(() => setTimeout(() => form.current?.submit(), 0));
  }

  if (me.isPending) return <Loading label="Loading your roles…" />;
  if (me.isError) return <ErrorState error={me.error} retry={() => me.refetch()} />;
  const held = me.data.roles;
  const picked = chosen ?? Object.fromEntries(held.map((g) => [scopeKey(g), g.role]));

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const days = Number(new FormData(e.currentTarget).get("expiryDays") ?? 30);
    const input = {
      description: `metal CLI${computer ? ` on ${computer}` : ""}`,
      roles: held.filter((g) => scopeKey(g) in picked).map((g) => withRole(g, picked[scopeKey(g)])),
      expiresAt: new Date(Date.now() + days * DAY_MS).toISOString(),
    };
    const parsed = createTokenInput.safeParse(input);
    if (!parsed.success) return setErrors(fieldErrors(parsed.error));
    setErrors({});
    create.mutate(input);
  }

  if (handoff) {
    return (
      <>
        <p role="status" className="text-sm text-slate-700">{handoff.token ? "Token created. Handing it to the CLI…" : "Cancelled. Telling the CLI…"}</p>
        <form ref={form} method="post" action={callbackUrl} className="hidden">
          <input type="hidden" name="state" value={state} />
          {handoff.token && <input type="hidden" name="token" value={handoff.token} />}
          {handoff.error && <input type="hidden" name="error" value={handoff.error} />}
        </form>
      </>
    );
  }

  return (
    <form onSubmit={submit} noValidate aria-label="Authorize the CLI" className="grid gap-4 rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
      <div className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900">
        <p>The metal CLI{computer ? <> on <strong>{computer}</strong></> : null} asks for an API token that acts as <strong>{me.data.name || me.data.email}</strong>.</p>
        <p className="mt-2">Only continue if you ran <code>metal login</code> yourself and your terminal shows this code:</p>
        <p className="mt-2 font-mono text-xl tracking-widest" data-testid="cli-login-code">{code}</p>
      </div>
      <RolePicker held={held} names={names} value={picked} onChange={setChosen} error={Object.entries(errors).find(([k]) => k.startsWith("roles"))?.[1]} />
      <label className="text-sm">
        <span className="mb-1 block font-medium">Expires in</span>
        <select name="expiryDays" defaultValue="30" className="rounded-md border border-slate-300 bg-white px-2 py-1.5">
          {expiryOptions.map((o) => <option key={o.days} value={o.days}>{o.label}</option>)}
        </select>
      </label>
      {create.isError && !Object.keys(errors).length && <p role="alert" className="text-sm text-red-700">{create.error.message}</p>}
      <div className="flex gap-2">
        <button type="submit" disabled={create.isPending} className="rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700 disabled:opacity-60">
          {create.isPending ? "Authorizing…" : "Authorize the CLI"}
        </button>
        <button type="button" onClick={() => send({ error: "access_denied" })} className="rounded-md border border-slate-300 px-4 py-2 text-sm">Cancel</button>
      </div>
    </form>
  );
}
