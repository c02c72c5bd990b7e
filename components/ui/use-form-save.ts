import { type QueryKey, useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { z } from "zod";
import { ApiError, apiFetch } from "@/lib/api-client";
import type { FieldError } from "@/lib/domain/catalog/field-error";
import { fieldErrors } from "@/lib/http/problem-fields";

type Method = "POST" | "PATCH" | "PUT";

/** Domain problems (sizeProblems, layoutProblems…) → {field: message}, first message per field. */
function problemMap(problems: FieldError[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of problems) out[p.field] ??= p.message;
  return out;
}

/**
 * A form's save (catalog, projects, networks, tokens): validates with the contract's zod schema and the domain's semantic
 * checks (the same ones the server runs), then shows the server's field errors next to the inputs.
 */
export function useFormSave<T>({ url, method, invalidate, onSaved }: {
  url: string;
  method: Method;
  invalidate: readonly QueryKey[];
  onSaved: (saved: T) => void;
}) {
  const qc = useQueryClient();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const save = useMutation({
    mutationFn: (input: unknown) => apiFetch<T>(url, { method, body: input }),
    onSuccess: async (saved) => {
      await Promise.all(invalidate.map((queryKey) => qc.invalidateQueries({ queryKey })));
      onSaved(saved);
    },
    onError: (err) => setErrors(err instanceof ApiError ? err.fieldErrors() : {}),
  });

  /** Errors found before parsing (unparseable numbers, label lines) come in as `early`. */
  function submit<S extends z.ZodType>(schema: S, input: unknown, opts: { early?: Record<string, string>; check?: (data: z.output<S>) => FieldError[] } = {}) {
    const parsed = schema.safeParse(input);
    const schemaErrors = parsed.success ? {} : fieldErrors(parsed.error);
    const checkErrors = parsed.success && opts.check ? problemMap(opts.check(parsed.data)) : {};
    // The early messages speak the form's language (GiB, "line 2"), so they win over the others.
    const found = { ...checkErrors, ...schemaErrors, ...opts.early };
    setErrors(found);
    if (!parsed.success || Object.keys(found).length) return;
    save.mutate(parsed.data);
  }

  /** The problem detail when the server refused without naming fields (a 409, a 403…). */
  const failure = save.isError && !Object.keys(errors).length ? save.error.message : null;
  return { save, errors, setErrors, failure, submit };
}
