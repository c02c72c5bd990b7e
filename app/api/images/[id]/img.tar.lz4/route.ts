import { getEnv } from "@/lib/env";
import { NotFoundError } from "@/lib/http/errors";
import { problemResponse, toProblem } from "@/lib/http/problem";
import { labImageResponse } from "@/lab/image";

/**
 * Embedded mode only: the lab partition's OS images, served by the app itself because the lab
 * machines can reach nothing else. Public like any image mirror (agents send no credential).
 * Production images live on the operator's own image server.
 */
export async function GET(_req: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  const { id } = await params;
  if (!getEnv().embedded) return problemResponse(toProblem(new NotFoundError("Image file", id)));
  return labImageResponse(id);
}
