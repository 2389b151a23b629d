import { HttpError } from '../http/errors.js';

/**
 * Reads a request body as raw bytes (signatures are computed over the exact bytes), refusing more than `limit`
 * bytes with 413 while streaming.
 */
export async function readRawBody(request: Request, limit: number): Promise<Uint8Array> {
  const tooLarge = () => new HttpError(413, 'payload_too_large', `webhook body is over ${limit} bytes; the adapter refuses larger webhook calls`);
  const declared = Number(request.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > limit) throw tooLarge();
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, size);
}
