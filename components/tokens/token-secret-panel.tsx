"use client";

import { useState } from "react";
import type { CreatedTokenDto } from "@/lib/contracts/tokens";

/** The new token's secret, shown once: the API keeps only its hash. */
export function TokenSecretPanel({ token, onDone }: { token: CreatedTokenDto; onDone: () => void }) {
  const [copied, setCopied] = useState<"idle" | "copied" | "failed">("idle");
  // Only ever rendered after a click, never on the server, so `window` is there.
  const origin = window.location.origin;

  async function copy() {
    try {
      await navigator.clipboard.writeText(token.secret);
      setCopied("copied");
    } catch {
      // Clipboard access needs a secure context and permission; selecting the text still works.
      setCopied("failed");
    }
  }

  return (
    <section aria-labelledby="token-secret-title" className="mb-6 rounded-lg border border-amber-300 bg-amber-50 p-4 shadow-sm">
      <h2 id="token-secret-title" className="font-medium">Token “{token.description}” created</h2>
      <p className="mt-1 text-sm font-medium text-amber-900" role="status">Copy this token now. It will not be shown again.</p>
      <div className="mt-3 flex flex-wrap gap-2">
        <label className="min-w-0 flex-1">
          <span className="sr-only">Token secret</span>
          <input
            readOnly
            value={token.secret}
            data-testid="token-secret"
            onFocus={(e) => e.currentTarget.select()}
            className="w-full rounded-md border border-amber-300 bg-white px-2 py-1.5 font-mono text-sm"
          />
        </label>
        <button type="button" onClick={copy} className="rounded-md bg-brand-600 px-4 py-1.5 text-sm font-medium text-white hover:bg-brand-700">Copy</button>
        <button type="button" onClick={onDone} className="rounded-md border border-slate-300 bg-white px-4 py-1.5 text-sm">Done</button>
      </div>
      {copied !== "idle" && (
        <p className="mt-1 text-sm text-slate-700" aria-live="polite">
          {copied === "copied" ? "Copied to the clipboard." : "Could not copy automatically; select the text and copy it."}
        </p>
      )}
      <p className="mt-3 text-sm text-slate-700">Try it:</p>
      <pre className="mt-1 overflow-x-auto rounded-md bg-slate-900 p-3 text-xs text-slate-100">
        <code>{`curl -H "Authorization: Bearer ${token.secret}" ${origin}/api/v1/me`}</code>
      </pre>
    </section>
  );
}
