/**
 * Reads an event stream until `marker` has arrived (bounded: fails after `timeoutMs`) and
 * returns everything read in this call. Test helper for SSE routes.
 */
export async function readUntil(reader: ReadableStreamDefaultReader<Uint8Array>, marker: string, timeoutMs = 5000): Promise<string> {
  const decoder = new TextDecoder();
  let text = "";
  const deadline = Date.now() + timeoutMs;
  while (!text.includes(marker)) {
    const left = deadline - Date.now();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no "${marker}" within ${timeoutMs} ms; got: ${JSON.stringify(text)}`)), Math.max(0, left));
    });
    try {
      const chunk = await Promise.race([reader.read(), timeout]);
      if (chunk.done) throw new Error(`stream ended before "${marker}"; got: ${JSON.stringify(text)}`);
      text += decoder.decode(chunk.value, { stream: true });
    } finally {
      clearTimeout(timer);
    }
  }
  return text;
}
