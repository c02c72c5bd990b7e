"use client";

import * as AlertDialog from "@radix-ui/react-alert-dialog";
import { createContext, type ReactNode, useCallback, useContext, useId, useRef, useState } from "react";
import { dangerSolidButton, secondaryButton } from "./buttons";

export type ConfirmOptions = {
  /** "Free web-1?": names the target. */
  title: string;
  /** What happens, in a sentence or two. */
  body: ReactNode;
  /** The button's verb, e.g. "Free machine". */
  confirmLabel: string;
  /** For the irreversible: the user types this (the hostname, the name) to enable the button. */
  typeToConfirm?: string;
};

type Pending = ConfirmOptions & { resolve: (ok: boolean) => void };
const ConfirmContext = createContext<((o: ConfirmOptions) => Promise<boolean>) | null>(null);

/**
 * `const confirm = useConfirm(); if (await confirm({...})) mutate()`: a styled, accessible
 * replacement for window.confirm (Radix AlertDialog: focus trapped, Escape cancels, the
 * cancel button has the initial focus so Enter never destroys by accident).
 */
export function useConfirm() {
  const ask = useContext(ConfirmContext);
  if (!ask) throw new Error("useConfirm needs <ConfirmProvider> (components/providers.tsx)");
  return ask;
}

export function ConfirmProvider({ children }: { children: ReactNode }) {
  const [pending, setPending] = useState<Pending | null>(null);
  const [typed, setTyped] = useState("");
  const pendingRef = useRef<Pending | null>(null);
  const inputId = useId();
  const ask = useCallback((o: ConfirmOptions) => new Promise<boolean>((resolve) => {
    pendingRef.current?.resolve(false);
    const p = { ...o, resolve };
    pendingRef.current = p;
    setTyped("");
    setPending(p);
  }), []);
  const close = (ok: boolean) => {
    pendingRef.current?.resolve(ok);
    pendingRef.current = null;
    setPending(null);
  };
  const blocked = !!pending?.typeToConfirm && typed.trim() !== pending.typeToConfirm;
  return (
    <ConfirmContext.Provider value={ask}>
      {children}
      <AlertDialog.Root open={!!pending} onOpenChange={(open) => { if (!open) close(false); }}>
        <AlertDialog.Portal>
          <AlertDialog.Overlay className="fixed inset-0 z-40 bg-slate-950/50" />
          <AlertDialog.Content className="fixed left-1/2 top-1/2 z-50 w-[min(28rem,calc(100vw-2rem))] -translate-x-1/2 -translate-y-1/2 rounded-lg border border-slate-200 bg-white p-5 shadow-xl">
            {pending && (
              <form onSubmit={(e) => { e.preventDefault(); if (!blocked) close(true); }}>
                <AlertDialog.Title className="text-lg font-semibold">{pending.title}</AlertDialog.Title>
                <AlertDialog.Description asChild>
                  <div className="mt-2 text-sm text-slate-700">{pending.body}</div>
                </AlertDialog.Description>
                {pending.typeToConfirm && (
                  <div className="mt-4 text-sm">
                    <label htmlFor={inputId} className="mb-1 block">
                      Type <strong className="font-mono">{pending.typeToConfirm}</strong> to confirm
                    </label>
                    <input id={inputId} value={typed} onChange={(e) => setTyped(e.target.value)} autoComplete="off" spellCheck={false}
                      className="w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 font-mono" />
                  </div>
                )}
                <div className="mt-5 flex justify-end gap-2">
                  <AlertDialog.Cancel className={secondaryButton}>Cancel</AlertDialog.Cancel>
                  <button type="submit" disabled={blocked} className={dangerSolidButton}>{pending.confirmLabel}</button>
                </div>
              </form>
            )}
          </AlertDialog.Content>
        </AlertDialog.Portal>
      </AlertDialog.Root>
    </ConfirmContext.Provider>
  );
}
