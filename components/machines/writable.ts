/** Which projects' machines the user may change (free, reinstall); the API checks again. */
export type WritableProjects = { all: boolean; projectIds: string[] };

export function canWriteProject(w: WritableProjects, projectId: string | undefined): boolean {
  return projectId !== undefined && (w.all || w.projectIds.includes(projectId));
}
