import { endpoints } from "@/lib/contracts/endpoints";
import { withApi } from "@/lib/http/with-api";
import { createProject, listProjects } from "@/lib/services/projects";

export const GET = withApi(endpoints.listProjects, async ({ actor, query }) => listProjects(actor, query));
export const POST = withApi(endpoints.createProject, async ({ actor, body }) => createProject(actor, body));
