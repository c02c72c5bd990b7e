"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";

export const PROJECT_COOKIE = "metal-project";

/**
 * The current project, remembered in a cookie so that every portal page (and later the
 * machine and network pages) opens in the project the user last chose.
 */
export function ProjectSwitcher({ projects }: { projects: { id: string; label: string; role: string }[] }) {
  const router = useRouter();
  const [current, setCurrent] = useState<string>("");
  useEffect(() => {
    const m = document.cookie.match(new RegExp(`(?:^|; )${PROJECT_COOKIE}=([^;]*)`));
    const saved = m ? decodeURIComponent(m[1]) : "";
    setCurrent(projects.some((p) => p.id === saved) ? saved : (projects[0]?.id ?? ""));
  }, [projects]);
  if (projects.length === 0) return <span className="text-slate-500">No projects yet</span>;
  const role = projects.find((p) => p.id === current)?.role;
  return (
    <label className="flex min-w-0 items-center gap-2">
      <span className="sr-only sm:not-sr-only sm:text-slate-500">Project</span>
      <select
        aria-label="Current project"
        value={current}
        onChange={(e) => {
          setCurrent(e.target.value);
          document.cookie = `${PROJECT_COOKIE}=${encodeURIComponent(e.target.value)}; path=/; max-age=31536000; samesite=lax`;
          router.refresh();
        }}
        className="w-24 min-w-0 rounded-md border border-slate-300 bg-white px-2 py-1.5 sm:w-auto sm:max-w-56"
      >
        {projects.map((p) => <option key={p.id} value={p.id}>{p.label}</option>)}
      </select>
      {role && <span className="hidden rounded bg-brand-50 px-2 py-0.5 text-xs font-medium text-brand-700 sm:inline" data-testid="project-role">{role}</span>}
    </label>
  );
}
