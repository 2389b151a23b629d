const GlobalResponse = globalThis.Response;

/** A body kept as given: text, bytes, or pieces of both written one after the other. */
export type LightBody = string | Uint8Array | ReadonlyArray<string | Uint8Array>;

/** The body as one `BodyInit` (pieces joined into bytes). */
function bodyInit(content: LightBody): BodyInit {
  if (typeof content === 'string' || content instanceof Uint8Array) return content as BodyInit;
  return Buffer.concat(content.map((c) => (typeof c === 'string' ? Buffer.from(c) : c)));
}

/** The byte length of a body. */
export function byteLength(content: LightBody): number {
  if (typeof content === 'string') return Buffer.byteLength(content);
  if (content instanceof Uint8Array) return content.byteLength;
  let length = 0;
  for (const c of content) length += typeof c === 'string' ? Buffer.byteLength(c) : c.byteLength;
  return length;
}

/**
 * A `Response` kept as plain values (status, a header record, a string or bytes body) until something reads it as a
 * Fetch `Response`: `headers` builds a `Headers` on first read, and `body`, `text()`, `json()`, `clone()`... build the
 * real `Response` on first use. The node listener (`createNodeListener`) writes an untouched one straight to the
 * socket, skipping the Fetch body stream; any other host sees an ordinary `Response` (`instanceof Response` holds).
 * Middleware adds headers with {@link setResponseHeader}, which keeps the record plain.
 */
export class LightResponse {
  #record: Record<string, string> | undefined;
  #headers: Headers | undefined;
  #real: Response | undefined;

  constructor(
    /** The body as given. */
    readonly content: LightBody,
    readonly status: number,
    record: Record<string, string>,
  ) {
    this.#record = record;
  }

  get ok(): boolean {
    return this.status >= 200 && this.status < 300;
  }

  get statusText(): string {
    return '';
  }

  get headers(): Headers {
    if (this.#real) return this.#real.headers;
    if (!this.#headers) {
      this.#headers = new Headers(this.#record);
      this.#record = undefined;
    }
    return this.#headers;
  }

  /** Sets a header (lower-case name) without building a `Headers` when nothing read them yet. */
  set(name: string, value: string): void {
    if (this.#record) this.#record[name] = value;
    else this.headers.set(name, value);
  }

  /**
   * What the node listener writes: status, plain headers (lower-case names) and body, or undefined once the response
   * was used as a Fetch `Response` (its body may have been read).
   */
  plain(): { status: number; headers: Record<string, string | string[]>; content: LightBody } | undefined {
    if (this.#real) return undefined;
    let headers: Record<string, string | string[]> | undefined = this.#record;
    if (!headers) {
      headers = Object.fromEntries(this.#headers!);
      const cookies = this.#headers!.getSetCookie();
      if (cookies.length > 1) headers['set-cookie'] = cookies;
    }
    return { status: this.status, headers, content: this.content };
  }

  /** The real `Response`, built once (later header changes go to its headers). */
  real(): Response {
    this.#real ??= new GlobalResponse(bodyInit(this.content), { status: this.status, headers: this.#headers ?? this.#record });
    this.#record = undefined;
    this.#headers = undefined;
    return this.#real;
  }
}

for (const name of ['type', 'url', 'redirected', 'body', 'bodyUsed'] as const) {
  Object.defineProperty(LightResponse.prototype, name, { get(this: LightResponse) { return this.real()[name]; } });
}
for (const name of ['clone', 'blob', 'arrayBuffer', 'text', 'json', 'formData', 'bytes'] as const) {
  if (!(name in GlobalResponse.prototype)) continue;
  Object.defineProperty(LightResponse.prototype, name, {
    value(this: LightResponse) {
      const real = this.real() as unknown as Record<string, () => unknown>;
      return real[name]!.call(real);
    },
  });
}
Object.setPrototypeOf(LightResponse.prototype, GlobalResponse.prototype);

/** A {@link LightResponse}, typed as the `Response` a Hono handler returns. */
export function lightResponse(content: LightBody, status: number, headers: Record<string, string>): Response {
  return new LightResponse(content, status, { ...headers }) as unknown as Response;
}

/** Sets a header on `c.res`, replacing an immutable response (e.g. a `fetch` result) by a mutable copy first. */
export function setResponseHeader(c: { res: Response }, name: string, value: string): void {
  const res = c.res as unknown;
  if (res instanceof LightResponse) {
    res.set(name, value);
    return;
  }
  try {
    c.res.headers.set(name, value);
  } catch {
    c.res = new GlobalResponse(c.res.body, c.res);
    c.res.headers.set(name, value);
  }
}
