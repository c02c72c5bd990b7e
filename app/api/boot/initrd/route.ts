import { getEnv } from "@/lib/env";
import { NotFoundError } from "@/lib/http/errors";
import { arrivedOnBootListener } from "@/lib/http/listener";
import { problemResponse, toProblem } from "@/lib/http/problem";
import { vmBootFileResponse } from "@/lab/vm/serve";

/**
 * Embedded mode: the lab partition's agent initramfs (built by `npm run lab:vm-artifacts`), which the
 * iPXE script names. Boot listener only; production partitions point at their own boot server.
 */
export async function GET(req: Request): Promise<Response> {
  const missing = () => problemResponse(toProblem(new NotFoundError("Boot file", "initrd (run npm run lab:vm-artifacts)")));
  if (!getEnv().embedded || !arrivedOnBootListener(req)) return missing();
  return vmBootFileResponse(getEnv().dataDir, "initrd") ?? missing();
}
