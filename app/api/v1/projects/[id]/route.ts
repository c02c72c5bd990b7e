import { endpoints } from "@/lib/contracts/endpoints";
import { withApi } from "@/lib/http/with-api";
import { deleteProject, getProject, updateProject } from "@/lib/services/projects";

export const GET = withApi(endpoints.getProject, async ({ actor, params }) => getProject(actor, params.id));
export const PATCH = withApi(endpoints.updateProject, async ({ actor, params, body }) => updateProject(actor, params.id, body));
export const DELETE = withApi(endpoints.deleteProject, async ({ actor, params }) => deleteProject(actor, params.id));
