/**
 * Button and input classes of the kit. Pages use these strings rather than writing their own,
 * so a button looks (and focuses, and disables) the same everywhere, in light and dark.
 */
export const primaryButton = "inline-flex items-center justify-center gap-1.5 rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700 disabled:opacity-60";
export const secondaryButton = "inline-flex items-center justify-center gap-1.5 rounded-md border border-slate-300 bg-white px-4 py-2 text-sm hover:bg-slate-50 disabled:opacity-60";
export const dangerButton = "inline-flex items-center justify-center gap-1.5 rounded-md border border-red-300 bg-white px-4 py-2 text-sm text-red-700 hover:bg-red-50 disabled:opacity-60";
/** The confirming button of a destructive dialog: solid, so it cannot be mistaken for Cancel. */
export const dangerSolidButton = "inline-flex items-center justify-center gap-1.5 rounded-md bg-danger px-4 py-2 text-sm font-medium text-white hover:opacity-90 disabled:opacity-50";
export const smallButton = "inline-flex items-center gap-1 rounded-md border border-slate-300 px-2 py-1 text-xs hover:bg-slate-50";
export const iconButton = "inline-flex items-center justify-center rounded p-1 text-slate-600 hover:bg-slate-100 hover:text-slate-900";
/** A row's destructive action (Delete, Release, Revoke) in a table: quiet until hovered. */
export const rowDangerButton = `${smallButton} hover:bg-red-50 hover:text-red-700 disabled:opacity-60`;
