"use client";

import * as ToastPrimitive from "@radix-ui/react-toast";
import { CircleAlert, CircleCheck, X } from "lucide-react";
import { useSyncExternalStore } from "react";

/*
 * Toasts on Radix Toast (not sonner: sonner injects a <style> element without a nonce, which the
 * production CSP refuses). `toast.success("…")` from anywhere; <Toaster /> in the providers shows
 * them in an aria-live region, pauses on hover/focus and closes with Escape or a swipe.
 */
type Item = { id: number; tone: "success" | "error"; title: string; body?: string };
let items: Item[] = [];
let next = 1;
const listeners = new Set<() => void>();
const emit = () => listeners.forEach((l) => l());

function push(tone: Item["tone"], title: string, body?: string) {
  items = [...items, { id: next++, tone, title, body }];
  emit();
}
function dismiss(id: number) {
  items = items.filter((i) => i.id !== id);
  emit();
}

export const toast = {
  success: (title: string, body?: string) => push("success", title, body),
  error: (title: string, body?: string) => push("error", title, body),
};

export function Toaster() {
  const list = useSyncExternalStore(
    (fn) => { listeners.add(fn); return () => listeners.delete(fn); },
    () => items,
    () => items,
  );
  return (
    <ToastPrimitive.Provider swipeDirection="right" duration={6000} label="Notifications">
      {list.map((t) => (
        <ToastPrimitive.Root
          key={t.id}
          type={t.tone === "error" ? "foreground" : "background"}
          onOpenChange={(open) => { if (!open) dismiss(t.id); }}
          data-testid="toast"
          data-tone={t.tone}
          className="flex items-start gap-3 rounded-lg border border-slate-200 bg-white p-3 text-sm shadow-lg data-[swipe=move]:translate-x-[var(--radix-toast-swipe-move-x)]"
        >
          {t.tone === "success" ? <CircleCheck aria-hidden className="mt-0.5 size-4 shrink-0 text-green-700" /> : <CircleAlert aria-hidden className="mt-0.5 size-4 shrink-0 text-red-700" />}
          <div className="min-w-0 flex-1">
            <ToastPrimitive.Title className="font-medium">{t.title}</ToastPrimitive.Title>
            {t.body && <ToastPrimitive.Description className="mt-0.5 text-slate-600">{t.body}</ToastPrimitive.Description>}
          </div>
          <ToastPrimitive.Close aria-label="Dismiss" className="rounded p-0.5 text-slate-500 hover:bg-slate-100">
            <X aria-hidden className="size-4" />
          </ToastPrimitive.Close>
        </ToastPrimitive.Root>
      ))}
      <ToastPrimitive.Viewport className="fixed bottom-4 right-4 z-50 flex w-[min(24rem,calc(100vw-2rem))] flex-col gap-2 outline-none" />
    </ToastPrimitive.Provider>
  );
}
