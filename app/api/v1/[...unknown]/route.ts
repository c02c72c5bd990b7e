import { NotFoundError } from "@/lib/http/errors";
import { problemResponse, toProblem } from "@/lib/http/problem";

/** Unknown API paths answer problem+json too, not the HTML 404 page. */
function notFound(req: Request): Response {
  const path = new URL(req.url).pathname;
  const requestId = crypto.randomUUID();
  return problemResponse(toProblem(new NotFoundError("API endpoint", path), requestId, path), { "x-request-id": requestId });
}

export { notFound as GET, notFound as POST, notFound as PATCH, notFound as PUT, notFound as DELETE };
