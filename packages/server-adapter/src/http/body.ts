import type { MiddlewareHandler } from 'hono';
import { HttpError } from './errors.js';
import { headerOf } from './request-parts.js';

/** How much of an oversized body is read and thrown away before answering 413 (so the client sees the answer). */
const DRAIN_LIMIT = 16 * 1024 * 1024;

/**
 * Reads a request body as raw bytes, counting them while it streams: past `limit` bytes it stops keeping them and
 * answers 413 (a declared `Content-Length` over the limit is refused before reading). `advice` ends the 413 message.
 * Webhooks use the bytes as they are (signatures are computed over the exact body).
 */
export async function readBytes(request: Request, limit: number, advice = 'Send a smaller body'): Promise<Uint8Array> {
  const declared = Number(request.headers.get('content-length') ?? NaN);
  const tooLarge = (size: string) =>
    new HttpError(413, 'payload_too_large', `request body is ${size}; the limit is ${limit} bytes. ${advice}`);
  if (Number.isFinite(declared) && declared > limit) {
    await drain(request.body, DRAIN_LIMIT);
    throw tooLarge(`${declared} bytes`);
  }
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await drainReader(reader, DRAIN_LIMIT - size);
      throw tooLarge(`over ${limit} bytes`);
    }
    chunks.push(value);
  }
  return concat(chunks, size);
}

/** Reads a request body as UTF-8 text with the same streaming limit as `readBytes`. */
export async function readBody(request: Request, limit: number, advice = 'Send fewer events per request'): Promise<string> {
  return new TextDecoder('utf-8', { fatal: false }).decode(await readBytes(request, limit, advice));
}

/**
 * Reads and parses a JSON body.
 * @throws HttpError 400 `invalid_json` naming where parsing failed, 413 when too large.
 */
export async function readJson(request: Request, limit: number): Promise<unknown> {
  const text = await readBody(request, limit);
  if (!text.trim()) throw new HttpError(400, 'invalid_json', 'request body is empty; send a JSON document');
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new HttpError(400, 'invalid_json', `request body is not valid JSON (${(error as Error).message}); send a JSON document`);
  }
}

function concat(chunks: Uint8Array[], size: number): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

async function drain(body: ReadableStream<Uint8Array> | null, budget: number): Promise<void> {
  if (body) await drainReader(body.getReader(), budget);
}

async function drainReader(reader: ReadableStreamDefaultReader<Uint8Array>, budget: number): Promise<void> {
  try {
    let left = budget;
    while (left > 0) {
      const { done, value } = await reader.read();
      if (done) return;
      left -= value.byteLength;
    }
    await reader.cancel();
  } catch {
    /* the client went away */
  }
}

/**
 * Middleware refusing (413) any request whose declared `Content-Length` exceeds the limit, before a route reads it.
 * Routes reading bodies with `readBody`/`readJson` also enforce the limit while streaming (chunked bodies).
 */
export function declaredSizeLimit(limit: number, perPath: Record<string, number> = {}): MiddlewareHandler {
  return async (c, next) => {
    const declared = Number(headerOf(c.req.raw, 'content-length') ?? NaN);
    const max = perPath[c.req.path] ?? limit;
    if (Number.isFinite(declared) && declared > max) {
      await drain(c.req.raw.body, DRAIN_LIMIT);
      throw new HttpError(413, 'payload_too_large', `request body is ${declared} bytes; the limit is ${max} bytes`);
    }
    await next();
  };
}
