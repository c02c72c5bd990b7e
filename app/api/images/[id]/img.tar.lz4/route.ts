import { getEnv } from "@/lib/env";
import { arrivedOnBootListener } from "@/lib/http/listener";
import { NotFoundError } from "@/lib/http/errors";
import { problemResponse, toProblem } from "@/lib/http/problem";
import { labImageResponse } from "@/lab/image";
import { vmImageResponse } from "@/lab/vm/serve";

/**
 * Embedded mode only: the lab partition's OS images, served by the app itself because the lab
 * machines can reach nothing else. Served on the boot listener like any image mirror on the
 * management network (agents send no credential).
 * Production images live on the operator's own image server.
 */
export async function GET(req: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  const { id } = await params;
  // What agents download is served by the boot listener only (lib/http/boot-paths.ts).
  if (!getEnv().embedded || !arrivedOnBootListener(req)) return problemResponse(toProblem(new NotFoundError("Image file", id)));
  // A lab VM image (a real bootable one, npm run lab:vm-artifacts), else the simulated machines' one.
  return vmImageResponse(getEnv().dataDir, id) ?? labImageResponse(id);
}
