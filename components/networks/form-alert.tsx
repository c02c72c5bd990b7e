/**
 * The error of a failed submit that no input shows: a 409's detail, a 403, or a server field
 * error about something without an input of its own (e.g. "projectId: no such project").
 */
export function FormAlert({ error, errors, fields, className = "" }: {
  error: Error | null;
  errors: Record<string, string>;
  /** Fields (or list fields, matching "field.*") that have an input showing their message. */
  fields: string[];
  className?: string;
}) {
  if (!error && Object.keys(errors).length === 0) return null;
  const shown = (k: string) => fields.some((f) => k === f || k.startsWith(`${f}.`));
  const rest = Object.entries(errors).filter(([k]) => !shown(k));
  if (Object.keys(errors).length > 0 && rest.length === 0) return null;
  return (
    <div role="alert" className={`rounded-md border border-red-200 bg-red-50 p-2 text-sm text-red-800 ${className}`}>
      {rest.length > 0 ? <ul>{rest.map(([k, m]) => <li key={k}><span className="font-mono">{k}</span>: {m}</li>)}</ul> : error?.message}
    </div>
  );
}
