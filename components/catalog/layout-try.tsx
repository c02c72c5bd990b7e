"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { type FormEvent, useState } from "react";
import type { z } from "zod";
import { type SizeDto, tryLayoutDto, tryLayoutInput } from "@/lib/contracts/catalog";
import type { Page } from "@/lib/http/pagination";
import { ApiError, apiFetch } from "@/lib/api-client";
import { fieldErrors } from "@/lib/http/problem-fields";
import { listUrl, sizeKeys } from "./keys";
import { Field, inputClass, primaryButton } from "./ui";

type TryResult = z.infer<typeof tryLayoutDto>;

function Outcome({ result }: { result: TryResult }) {
  const image = result.imageId ? <span className="font-mono">{result.imageId}</span> : "this image";
  if (result.layoutId) {
    return (
      <p role="status" className="text-green-800">
        Layout <Link href={`/admin/filesystem-layouts/${result.layoutId}`} className="font-mono font-medium underline">{result.layoutId}</Link> would be chosen
        {result.imageId && <> (image {image})</>}.
      </p>
    );
  }
  return (
    <p role="status" className="text-amber-800">
      {result.reason === "ambiguous" ? (
        <>Several layouts match, so none would be chosen: <span className="font-mono">{result.candidates?.join(", ")}</span>. Their constraints must not overlap.</>
      ) : result.reason === "none" || !result.reason ? (
        <>No layout would be chosen: none lists this size with a version range that contains {image}.</>
      ) : <>No layout would be chosen: {result.reason}.</>}
    </p>
  );
}

/** Which layout an allocation of this size with this image would get, without allocating anything. */
export function LayoutTry() {
  const sizes = useQuery({ queryKey: sizeKeys.list(), queryFn: () => apiFetch<Page<SizeDto>>(listUrl("/api/v1/sizes")) });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const attempt = useMutation({
    mutationFn: (input: unknown) => apiFetch<TryResult>("/api/v1/filesystem-layouts/try", { method: "POST", body: input }),
    onError: (err) => setErrors(err instanceof ApiError ? err.fieldErrors() : {}),
  });

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const parsed = tryLayoutInput.safeParse({ size: String(form.get("size") ?? ""), image: String(form.get("image") ?? "").trim() });
    if (!parsed.success) return setErrors(fieldErrors(parsed.error));
    setErrors({});
    attempt.mutate(parsed.data);
  }

  return (
    <section aria-labelledby="try-layout-heading" className="mt-6 rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
      <h2 id="try-layout-heading" className="text-lg font-semibold">Try</h2>
      <p className="mb-3 text-sm text-slate-500">Which layout would a machine of this size get with this image?</p>
      <form onSubmit={onSubmit} noValidate aria-label="Try a layout" className="flex flex-wrap items-start gap-3 text-sm">
        <Field id="try-size" label="Size" error={errors.size} className="w-56">
          {(props) => (
            <select {...props} name="size" className={inputClass}>
              {(sizes.data?.items ?? []).map((s) => <option key={s.id} value={s.id}>{s.id}</option>)}
            </select>
          )}
        </Field>
        <Field id="try-image" label="Image" hint="A full id or a prefix such as ubuntu-24.04." error={errors.image} className="w-64">
          {(props) => <input {...props} name="image" placeholder="ubuntu-24.04" className={`${inputClass} font-mono`} />}
        </Field>
        <button type="submit" disabled={attempt.isPending} className={`${primaryButton} mt-6`}>{attempt.isPending ? "Trying…" : "Try"}</button>
      </form>
      <div className="mt-3 text-sm">
        {attempt.isSuccess && <Outcome result={attempt.data} />}
        {attempt.isError && !Object.keys(errors).length && <p role="alert" className="text-red-700">{attempt.error.message}</p>}
      </div>
    </section>
  );
}
