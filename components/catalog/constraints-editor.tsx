"use client";

import { SIZE_CONSTRAINT_TYPES } from "@/lib/domain/catalog/size";
import { type ConstraintRow, emptyRow, isConstraintType } from "./constraint-rows";
import { constraintTypeLabels, isBytes } from "./units";
import { inputBase, inputClass, smallButton } from "./ui";

const unitOf = (row: ConstraintRow) => (isBytes(row.type) ? "GiB" : row.type === "gpu" ? "GPUs" : "cores");

/** Rows of type / min / max / identifier glob. Memory and storage are typed in GiB and sent in bytes. */
export function ConstraintsEditor({ rows, onChange, errors, disabled = false }: {
  rows: ConstraintRow[];
  onChange: (rows: ConstraintRow[]) => void;
  errors: Record<string, string>;
  disabled?: boolean;
}) {
  const update = (key: number, patch: Partial<ConstraintRow>) => onChange(rows.map((r) => (r.key === key ? { ...r, ...patch } : r)));
  const listError = errors.constraints;
  return (
    <fieldset className="text-sm sm:col-span-2" disabled={disabled}>
      <legend className="mb-1 font-medium">Hardware constraints</legend>
      <p className="mb-2 text-slate-500">
        A machine has this size when every sum is within min…max and every CPU, disk and GPU is counted by some row.
        The identifier is a glob on the CPU model, disk name or GPU model (e.g. <code>AMD EPYC*</code>, <code>/dev/nvme*</code>); empty counts all.
      </p>
      <div className="overflow-x-auto">
        <table className="w-full min-w-[40rem] text-left">
          <thead className="text-slate-600">
            <tr>
              <th className="py-1 pr-2 font-medium">Type</th>
              <th className="py-1 pr-2 font-medium">Min</th>
              <th className="py-1 pr-2 font-medium">Max</th>
              <th className="py-1 pr-2 font-medium">Identifier (glob)</th>
              <th className="py-1"><span className="sr-only">Remove</span></th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row, i) => {
              const err = (f: string) => errors[`constraints.${i}${f ? `.${f}` : ""}`];
              const errId = (f: string) => `constraint-${row.key}-${f || "row"}-error`;
              const describedBy = (f: string) => (err(f) ? errId(f) : undefined);
              const n = i + 1;
              const cell = (f: "min" | "max", label: string) => (
                <td className="py-1 pr-2 align-top">
                  <div className="flex items-center gap-1">
                    <input
                      type="number" min={0} step="any" inputMode="decimal" value={row[f]}
                      onChange={(e) => update(row.key, { [f]: e.target.value })}
                      aria-label={`Constraint ${n} ${label} (${unitOf(row)})`}
                      aria-invalid={!!err(f)}
                      aria-describedby={describedBy(f)}
                      className={`${inputBase} w-28`}
                    />
                    <span className="text-xs text-slate-500">{unitOf(row)}</span>
                  </div>
                  {err(f) && <span id={errId(f)} className="mt-1 block text-red-700">{err(f)}</span>}
                </td>
              );
              return (
                <tr key={row.key} className="border-t border-slate-100">
                  <td className="py-1 pr-2 align-top">
                    <select
                      value={row.type}
                      onChange={(e) => isConstraintType(e.target.value) && update(row.key, { type: e.target.value })}
                      aria-label={`Constraint ${n} type`}
                      aria-invalid={!!(err("type") ?? err(""))}
                      aria-describedby={describedBy("type") ?? describedBy("")}
                      className={inputClass}
                    >
                      {SIZE_CONSTRAINT_TYPES.map((t) => <option key={t} value={t}>{constraintTypeLabels[t]}</option>)}
                    </select>
                    {err("type") && <span id={errId("type")} className="mt-1 block text-red-700">{err("type")}</span>}
                    {err("") && <span id={errId("")} className="mt-1 block text-red-700">{err("")}</span>}
                  </td>
                  {cell("min", "minimum")}
                  {cell("max", "maximum")}
                  <td className="py-1 pr-2 align-top">
                    <input
                      value={row.type === "memory" ? "" : row.identifier}
                      onChange={(e) => update(row.key, { identifier: e.target.value })}
                      disabled={row.type === "memory"}
                      placeholder={row.type === "memory" ? "not for memory" : row.type === "cores" ? "e.g. AMD EPYC*" : row.type === "storage" ? "e.g. /dev/nvme*" : "e.g. NVIDIA H100*"}
                      aria-label={`Constraint ${n} identifier`}
                      aria-invalid={!!err("identifier")}
                      aria-describedby={describedBy("identifier")}
                      className={`${inputClass} font-mono disabled:bg-slate-50`}
                    />
                    {err("identifier") && <span id={errId("identifier")} className="mt-1 block text-red-700">{err("identifier")}</span>}
                  </td>
                  <td className="py-1 align-top">
                    <button type="button" onClick={() => onChange(rows.filter((r) => r.key !== row.key))} aria-label={`Remove constraint ${n}`} className={`${smallButton} mt-1`}>Remove</button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {listError && <p className="mt-1 text-red-700">{listError}</p>}
      {!disabled && <button type="button" onClick={() => onChange([...rows, emptyRow()])} className={`${smallButton} mt-2`}>Add constraint</button>}
    </fieldset>
  );
}
