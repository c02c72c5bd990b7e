"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { putSizeImageConstraintInput, type SizeImageConstraintDto } from "@/lib/contracts/catalog";
import { ApiError, apiFetch } from "@/lib/api-client";
import { IMAGE_OS_PATTERN, semverRangeProblem } from "@/lib/domain/catalog/image";
import { ErrorState, Loading } from "@/components/ui/states";
import { sizeImageConstraintKeys } from "./keys";
import { FormButtons, inputBase, OtherErrors, smallButton } from "./ui";
import { useFormSave } from "@/components/ui/use-form-save";

type Row = { key: number; os: string; range: string };
let nextKey = 1;
const rowsFrom = (images: Record<string, string>): Row[] => Object.entries(images).map(([os, range]) => ({ key: nextKey++, os, range }));

/** A size without a constraint accepts every image: a missing one is a 404, which means "none". */
async function fetchConstraint(sizeId: string): Promise<SizeImageConstraintDto | null> {
  try {
    return await apiFetch<SizeImageConstraintDto>(`/api/v1/size-image-constraints/${encodeURIComponent(sizeId)}`);
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) return null;
    throw err;
  }
}

function rowProblems(rows: Row[]): Record<string, string> {
  const errors: Record<string, string> = {};
  const seen = new Set<string>();
  rows.forEach((r, i) => {
    const os = r.os.trim();
    if (!IMAGE_OS_PATTERN.test(os)) errors[`rows.${i}.os`] = "an os name: lowercase words joined by dashes, e.g. ubuntu or firewall-ubuntu";
    else if (seen.has(os)) errors[`rows.${i}.os`] = `${os} is listed twice`;
    seen.add(os);
    const problem = semverRangeProblem(r.range);
    if (problem) errors[`images.${os}`] = problem;
  });
  return errors;
}

/** "Allowed images" of a size: os → version range rows, saved with PUT (or DELETE when emptied). */
export function SizeImageConstraintsEditor({ sizeId, canEdit }: { sizeId: string; canEdit: boolean }) {
  const current = useQuery({ queryKey: sizeImageConstraintKeys.detail(sizeId), queryFn: () => fetchConstraint(sizeId) });
  // Held here: a save refetches the constraint, which remounts the rows with the server's values.
  const [saved, setSaved] = useState(false);
  return (
    <section aria-labelledby="allowed-images-heading" className="mb-6 rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
      <h2 id="allowed-images-heading" className="text-lg font-semibold">Allowed images</h2>
      <p className="mb-3 text-sm text-slate-500">
        Version ranges per operating system, e.g. <code>ubuntu</code> → <code>&gt;= 22.4</code>. An os without a row may be installed in any version.
      </p>
      {current.isPending ? <Loading />
        : current.isError ? <ErrorState error={current.error} retry={() => current.refetch()} />
        : <ConstraintRowsForm key={current.data?.updatedAt ?? "none"} sizeId={sizeId} current={current.data} canEdit={canEdit} saved={saved} setSaved={setSaved} />}
    </section>
  );
}

function ConstraintRowsForm({ sizeId, current, canEdit, saved, setSaved }: {
  sizeId: string;
  current: SizeImageConstraintDto | null;
  canEdit: boolean;
  saved: boolean;
  setSaved: (saved: boolean) => void;
}) {
  const qc = useQueryClient();
  const [rows, setRows] = useState(() => rowsFrom(current?.images ?? {}));
  const url = `/api/v1/size-image-constraints/${encodeURIComponent(sizeId)}`;
  const invalidate = [sizeImageConstraintKeys.all];
  const { save, errors, failure, submit } = useFormSave<SizeImageConstraintDto>({ url, method: "PUT", invalidate, onSaved: () => setSaved(true) });
  const remove = useMutation({
    mutationFn: () => apiFetch<void>(url, { method: "DELETE" }),
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: sizeImageConstraintKeys.all });
      setSaved(true);
    },
  });

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setSaved(false);
    if (rows.length === 0) return current ? remove.mutate() : setSaved(true);
    const images = Object.fromEntries(rows.map((r) => [r.os.trim(), r.range.trim()]));
    submit(putSizeImageConstraintInput, { images }, { early: rowProblems(rows) });
  }

  const update = (key: number, patch: Partial<Row>) => { setSaved(false); setRows(rows.map((r) => (r.key === key ? { ...r, ...patch } : r))); };
  const rowError = (r: Row, i: number) => errors[`rows.${i}.os`] ?? errors[`images.${r.os.trim()}`];
  const placedKeys = new Set(rows.flatMap((r, i) => [`rows.${i}.os`, `images.${r.os.trim()}`]));
  return (
    <form onSubmit={onSubmit} noValidate aria-label="Allowed images" className="text-sm">
      <fieldset disabled={!canEdit}>
        {rows.length === 0 && <p className="mb-2 text-slate-600">Every image may be installed on this size.</p>}
        <ul className="grid gap-2">
          {rows.map((r, i) => (
            <li key={r.key}>
              <div className="flex flex-wrap items-center gap-2">
                <input value={r.os} onChange={(e) => update(r.key, { os: e.target.value })} aria-label={`Operating system ${i + 1}`} placeholder="ubuntu" aria-invalid={!!errors[`rows.${i}.os`]} aria-describedby={rowError(r, i) ? `image-rule-${r.key}-error` : undefined} className={`${inputBase} w-40 font-mono`} />
                <span aria-hidden>→</span>
                <input value={r.range} onChange={(e) => update(r.key, { range: e.target.value })} aria-label={`Version range ${i + 1}`} placeholder=">= 22.4" aria-invalid={!!errors[`images.${r.os.trim()}`]} aria-describedby={rowError(r, i) ? `image-rule-${r.key}-error` : undefined} className={`${inputBase} w-48 font-mono`} />
                {canEdit && <button type="button" onClick={() => { setSaved(false); setRows(rows.filter((x) => x.key !== r.key)); }} aria-label={`Remove ${r.os || `row ${i + 1}`}`} className={smallButton}>Remove</button>}
              </div>
              {rowError(r, i) && <span id={`image-rule-${r.key}-error`} className="mt-1 block text-red-700">{rowError(r, i)}</span>}
            </li>
          ))}
        </ul>
      </fieldset>
      <OtherErrors errors={Object.entries(errors).filter(([k]) => !placedKeys.has(k))} className="mt-2" />
      {(failure || remove.isError) && <p role="alert" className="mt-2 text-red-700">{failure ?? remove.error?.message}</p>}
      {saved && <p role="status" className="mt-2 text-green-800">Allowed images saved.</p>}
      {canEdit && (
        <div className="mt-3 flex flex-wrap gap-2">
          <button type="button" onClick={() => { setSaved(false); setRows([...rows, { key: nextKey++, os: "", range: "" }]); }} className={smallButton}>Add image rule</button>
          <FormButtons pending={save.isPending || remove.isPending} label="Save allowed images" />
        </div>
      )}
    </form>
  );
}
