import type { ReactNode } from "react";
import { primaryButton, secondaryButton } from "@/components/ui/buttons";

/** An input without a width, for rows that size their own inputs. */
export const inputBase = "rounded-md border border-slate-300 bg-white px-2 py-1.5 aria-[invalid=true]:border-red-400";
export const inputClass = `w-full ${inputBase}`;
export { dangerButton, primaryButton, secondaryButton, smallButton } from "@/components/ui/buttons";
export { SearchBox } from "@/components/ui/search-box";
export const formClass = "mb-6 grid gap-4 rounded-lg border border-slate-200 bg-white p-4 shadow-sm sm:grid-cols-2";

/** A message under an input; its id lets the input point at it with aria-describedby. */
export function FieldMessage({ id, error }: { id: string; error?: string }) {
  return error ? <span id={id} className="mt-1 block text-red-700">{error}</span> : null;
}

type FieldProps = { id: string; "aria-invalid": boolean; "aria-describedby"?: string };

/**
 * A label, its control, a hint and an error. Hint and error sit outside the <label> and are tied
 * to the control with aria-describedby, so the control's accessible name is just the label.
 */
export function Field({ id, label, hint, error, className, children }: {
  id: string;
  label: string;
  hint?: string;
  error?: string;
  className?: string;
  children: (props: FieldProps) => ReactNode;
}) {
  const described = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(" ");
  return (
    <div className={`text-sm ${className ?? ""}`}>
      <label htmlFor={id} className="mb-1 block font-medium">{label}</label>
      {children({ id, "aria-invalid": !!error, "aria-describedby": described || undefined })}
      {hint && <span id={`${id}-hint`} className="mt-1 block text-slate-500">{hint}</span>}
      <FieldMessage id={`${id}-error`} error={error} />
    </div>
  );
}

/** A labelled text input with its hint and error underneath, in the layout every form here uses. */
export function TextField({ name, label, error, hint, defaultValue, placeholder, type = "text", idPrefix, className, inputClassName }: {
  name: string;
  label: string;
  error?: string;
  hint?: string;
  defaultValue?: string;
  placeholder?: string;
  type?: "text" | "url" | "date" | "number";
  idPrefix: string;
  className?: string;
  inputClassName?: string;
}) {
  return (
    <Field id={`${idPrefix}-${name}`} label={label} hint={hint} error={error} className={className}>
      {(props) => <input {...props} name={name} type={type} defaultValue={defaultValue} placeholder={placeholder} className={`${inputClass} ${inputClassName ?? ""}`} />}
    </Field>
  );
}

/** Errors the server (or a check) reported for fields that have no input of their own. */
export function OtherErrors({ errors, className }: { errors: [string, string][]; className?: string }) {
  if (!errors.length) return null;
  return (
    <ul role="alert" className={`list-inside list-disc text-sm text-red-700 ${className ?? ""}`}>
      {errors.map(([field, message]) => (
        <li key={field}>{field === "(root)" ? message : <><code className="font-mono text-xs">{field}</code>: {message}</>}</li>
      ))}
    </ul>
  );
}

export function Alert({ children }: { children: ReactNode }) {
  return <p role="alert" className="mb-4 rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-800">{children}</p>;
}

export function Saved({ children = "Changes saved." }: { children?: ReactNode }) {
  return <p role="status" className="mb-4 rounded-md border border-green-200 bg-green-50 p-3 text-sm text-green-800">{children}</p>;
}

/** Submit and cancel, the same in every form. */
export function FormButtons({ pending, label, pendingLabel = "Saving…", onCancel, className }: { pending: boolean; label: string; pendingLabel?: string; onCancel?: () => void; className?: string }) {
  return (
    <div className={`flex gap-2 ${className ?? ""}`}>
      <button type="submit" disabled={pending} className={primaryButton}>{pending ? pendingLabel : label}</button>
      {onCancel && <button type="button" onClick={onCancel} className={secondaryButton}>Cancel</button>}
    </div>
  );
}

/**
 * The old hand-written table, left for the switch pages (issue 13 reworks them); every other list
 * is on the kit's DataTable (components/ui/data-table.tsx). Do not use it for new lists.
 */
export function DataTable({ head, children, caption }: { head: ReactNode; children: ReactNode; caption?: string }) {
  return (
    <div className="relative overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
      <table className="w-full text-left text-sm">
        {caption && <caption className="sr-only">{caption}</caption>}
        <thead className="bg-slate-50 text-slate-600"><tr>{head}</tr></thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}

export function Th({ children, sr }: { children?: ReactNode; sr?: string }) {
  return <th className="px-3 py-2 font-medium">{sr ? <span className="sr-only">{sr}</span> : children}</th>;
}

export function Badge({ children, tone = "slate" }: { children: ReactNode; tone?: "slate" | "green" | "amber" | "red" | "blue" }) {
  const tones = {
    slate: "bg-slate-100 text-slate-700",
    green: "bg-green-100 text-green-800",
    amber: "bg-amber-100 text-amber-800",
    red: "bg-red-100 text-red-800",
    blue: "bg-brand-50 text-brand-700",
  };
  return <span className={`inline-block rounded px-1.5 py-0.5 text-xs font-medium ${tones[tone]}`}>{children}</span>;
}
