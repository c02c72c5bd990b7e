import { BadRequestError, PayloadTooLargeError, UnsupportedMediaTypeError } from "./errors";

export const MAX_BODY_BYTES = 1024 * 1024;

/**
 * Reads a JSON body with a hard size limit. Content-Length is checked first, and the stream is
 * counted as it arrives, so a chunked or lying client cannot push more than the limit.
 */
export async function readJsonBody(req: Request, limit = MAX_BODY_BYTES): Promise<unknown> {
  const type = req.headers.get("content-type") ?? "";
  if (!/^application\/([a-z.+-]*\+)?json\s*(;|$)/i.test(type)) throw new UnsupportedMediaTypeError();
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > limit) throw new PayloadTooLargeError(limit);
  if (!req.body) throw new BadRequestError("The request body is empty; send a JSON document.", "malformed_json");
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw new PayloadTooLargeError(limit);
    }
    chunks.push(value);
  }
  const text = Buffer.concat(chunks).toString("utf8");
  if (text.trim() === "") throw new BadRequestError("The request body is empty; send a JSON document.", "malformed_json");
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new BadRequestError(`The request body is not valid JSON: ${(err as Error).message}`, "malformed_json");
  }
}
