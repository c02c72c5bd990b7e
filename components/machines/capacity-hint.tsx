import { availability, type SizeCapacity } from "./availability";

export function CapacityHint({ capacity, pending, error }: { capacity: SizeCapacity | undefined; pending: boolean; error: Error | null }) {
  if (pending) return <p className="text-sm text-slate-500" role="status">Checking availability…</p>;
  if (error) return <p role="status" className="text-sm text-slate-600">Availability could not be checked ({error.message}); you can still try.</p>;
  const a = availability(capacity);
  return (
    <p role="status" data-testid="capacity-hint" className={`rounded-md border p-2 text-sm ${a.blocked ? "border-amber-300 bg-amber-50 text-amber-900" : "border-green-200 bg-green-50 text-green-900"}`}>
      {a.text}
    </p>
  );
}
