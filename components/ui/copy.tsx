"use client";

import { Check, Copy } from "lucide-react";
import { useState } from "react";

/** Copies a value to the clipboard and says whether it worked (clipboard access needs a secure context). */
export function CopyButton({ value, label }: { value: string; label: string }) {
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");
  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setState("copied");
    } catch {
      setState("failed");
    }
    setTimeout(() => setState("idle"), 2000);
  }
  return (
    <button
      type="button"
      onClick={copy}
      aria-label={label}
      title={state === "failed" ? "Could not copy automatically; select the text and copy it." : label}
      className="inline-flex items-center gap-1 rounded border border-slate-300 px-1.5 py-0.5 text-xs text-slate-600 hover:bg-slate-50"
    >
      {state === "copied" ? <Check aria-hidden className="size-3" /> : <Copy aria-hidden className="size-3" />}
      <span aria-live="polite">{state === "copied" ? "Copied" : state === "failed" ? "Copy failed" : "Copy"}</span>
    </button>
  );
}

/** A value in monospace with its copy button beside it: ids, IPs, MACs, commands. */
export function CopyValue({ value, label, className }: { value: string; label: string; className?: string }) {
  return (
    <span className={`inline-flex max-w-full items-center gap-2 ${className ?? ""}`}>
      <code className="min-w-0 break-all font-mono text-xs">{value}</code>
      <CopyButton value={value} label={label} />
    </span>
  );
}
