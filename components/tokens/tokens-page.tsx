"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import type { CreatedTokenDto, TokenDto } from "@/lib/contracts/tokens";
import type { Page } from "@/lib/http/pagination";
import { apiFetch } from "@/lib/api-client";
import { EmptyState, ErrorState, Loading, PageHeader } from "@/components/ui/states";
import { CreateTokenForm } from "./create-token-form";
import { tokenKeys } from "./keys";
import { useMe, useRoleNames } from "./role-names";
import { TokenSecretPanel } from "./token-secret-panel";
import { TokenTable } from "./token-table";

/** The caller's API tokens: list, revoke, and create (the secret is shown once). */
export function TokensPage() {
  const [includeRevoked, setIncludeRevoked] = useState(false);
  const [showForm, setShowForm] = useState(false);
  const [created, setCreated] = useState<CreatedTokenDto | null>(null);
  const tokens = useQuery({
    queryKey: tokenKeys.list({ includeRevoked }),
    queryFn: () => apiFetch<Page<TokenDto>>(`/api/v1/tokens?limit=200${includeRevoked ? "&includeRevoked=true" : ""}`),
  });
  const me = useMe();
  const names = useRoleNames();

  return (
    <>
      <PageHeader
        title="API tokens"
        description="Tokens let scripts and the CLI call the API as you, with the roles you give them."
        actions={!showForm ? (
          <button onClick={() => { setShowForm(true); setCreated(null); }} className="rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700">New token</button>
        ) : null}
      />
      {created && <TokenSecretPanel token={created} onDone={() => setCreated(null)} />}
      {showForm && (
        me.isPending ? <Loading label="Loading your roles…" />
          : me.isError ? <ErrorState error={me.error} retry={() => me.refetch()} />
          : <CreateTokenForm held={me.data.roles} names={names} onCancel={() => setShowForm(false)} onCreated={(t) => { setCreated(t); setShowForm(false); }} />
      )}
      <div className="mb-3">
        <label className="inline-flex items-center gap-2 text-sm">
          <input type="checkbox" checked={includeRevoked} onChange={(e) => setIncludeRevoked(e.target.checked)} className="size-4" />
          Show revoked
        </label>
      </div>
      {tokens.isPending ? <Loading />
        : tokens.isError ? <ErrorState error={tokens.error} retry={() => tokens.refetch()} />
        : tokens.data.items.length === 0 ? (
          <EmptyState title="No API tokens" body={includeRevoked ? "You have not created any token yet." : "You have no active tokens. Create one to use the API from scripts or the CLI."} />
        ) : <TokenTable tokens={tokens.data.items} names={names} />}
    </>
  );
}
