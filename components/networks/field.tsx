"use client";

import { type ReactNode, useId } from "react";

export const inputClass = "w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 aria-[invalid=true]:border-red-400";

export type ControlProps = { id: string; "aria-invalid": boolean; "aria-describedby"?: string };

/**
 * A label, its control, a hint and an error. Hint and error sit outside the <label> and are tied
 * to the control with aria-describedby, so the control's accessible name stays just the label
 * (and does not change when an error appears).
 */
export function Field({ label, hint, error, className = "", children }: {
  label: string;
  hint?: string;
  error?: string;
  className?: string;
  children: (props: ControlProps) => ReactNode;
}) {
  const id = useId();
  const described = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(" ");
  return (
    <div className={`text-sm ${className}`}>
      <label htmlFor={id} className="mb-1 block font-medium">{label}</label>
      {children({ id, "aria-invalid": !!error, "aria-describedby": described || undefined })}
      {hint && <span id={`${id}-hint`} className="mt-1 block text-slate-500">{hint}</span>}
      {error && <span id={`${id}-error`} className="mt-1 block text-red-700">{error}</span>}
    </div>
  );
}
