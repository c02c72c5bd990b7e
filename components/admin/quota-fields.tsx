import { quotaKinds, type QuotaValues } from "./form-values";

/** Three optional number inputs; empty means unlimited. Errors are keyed "quotas.<kind>". */
export function QuotaFields({ values, errors, idPrefix }: { values?: QuotaValues; errors: Record<string, string>; idPrefix: string }) {
  return (
    <fieldset className="text-sm">
      <legend className="mb-1 font-medium">Quotas <span className="font-normal text-slate-500">(empty = unlimited)</span></legend>
      <div className="flex flex-wrap gap-3">
        {quotaKinds.map((k) => {
          const error = errors[`quotas.${k.key}`];
          return (
            <label key={k.key} className="w-32">
              <span className="mb-1 block text-slate-600">{k.label}</span>
              <input
                name={k.key}
                type="number"
                min={0}
                step={1}
                inputMode="numeric"
                placeholder="unlimited"
                defaultValue={values?.[k.key] ?? ""}
                aria-invalid={!!error}
                aria-describedby={error ? `${idPrefix}-${k.key}-error` : undefined}
                className="w-full rounded-md border border-slate-300 px-2 py-1.5"
              />
              {error && <span id={`${idPrefix}-${k.key}-error`} className="mt-1 block text-red-700">{error}</span>}
            </label>
          );
        })}
      </div>
    </fieldset>
  );
}
