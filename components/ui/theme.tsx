"use client";

import { Monitor, Moon, Sun } from "lucide-react";
import { ThemeProvider as NextThemes, useTheme } from "next-themes";
import { type ReactNode, useEffect, useState } from "react";

/**
 * Dark mode on next-themes: follows the OS until the user picks one, remembered in
 * localStorage; the `dark` class on <html> switches the palette (app/globals.css). The nonce
 * lets next-themes' tiny pre-paint script run under the CSP (no flash of the wrong theme).
 */
export function ThemeProvider({ nonce, children }: { nonce?: string; children: ReactNode }) {
  return (
    <NextThemes attribute="class" defaultTheme="system" enableSystem disableTransitionOnChange nonce={nonce}>
      {children}
    </NextThemes>
  );
}

const order = ["system", "light", "dark"] as const;
const labels = { system: "Theme: follows the system", light: "Theme: light", dark: "Theme: dark" };

/** One button cycling system → light → dark; its name says the current choice. */
export function ThemeToggle() {
  const { theme, setTheme } = useTheme();
  const [mounted, setMounted] = useState(false);
  useEffect(() => setMounted(true), []);
  const current = (mounted ? theme : "system") as (typeof order)[number];
  const Icon = current === "dark" ? Moon : current === "light" ? Sun : Monitor;
  return (
    <button
      type="button"
      onClick={() => setTheme(order[(order.indexOf(current) + 1) % order.length])}
      aria-label={labels[current] ?? labels.system}
      title={labels[current] ?? labels.system}
      data-testid="theme-toggle"
      className="inline-flex size-8 items-center justify-center rounded-md border border-slate-300 text-slate-700 hover:bg-slate-100"
    >
      <Icon aria-hidden className="size-4" />
    </button>
  );
}
