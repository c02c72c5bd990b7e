"use client";

/** The search field of a list: labelled for screen readers, the label doubling as placeholder unless one is given. */
export function SearchBox({ label, placeholder, value, onChange, className = "mb-3" }: {
  label: string;
  placeholder?: string;
  value: string;
  onChange: (q: string) => void;
  /** The wrapper's classes: its own line with a margin by default; "" inside a filter row. */
  className?: string;
}) {
  return (
    <div className={className}>
      <label className="text-sm">
        <span className="sr-only">{label}</span>
        <input type="search" placeholder={placeholder ?? label} value={value} onChange={(e) => onChange(e.target.value)} className="w-full max-w-xs rounded-md border border-slate-300 px-3 py-1.5" />
      </label>
    </div>
  );
}
