import type { FocalEvent } from '../contracts/events.js';
import type { ContractProblem } from '../contracts/errors.js';
import type { Validated } from '../contracts/validate.js';
import { byteLength, MAX_EVENT_BYTES } from '../contracts/limits.js';
import { findPersonalData } from '../contracts/personal-data.js';
import { DEV } from './build.js';

/*
 * A light check of events built by the SDK, instead of the zod contract (which costs ~11.5 kB gzip in the script
 * tag). Always: a known type, the required properties present, every property of the right type, the 32 kB limit,
 * no NUL, no personal data. With `DEV` (everywhere but focal.min.js) also the contract's ranges, lengths and
 * formats, with its wording. The envelope is built by the SDK itself. The adapter always validates with the full
 * contract; rejections it reports are dead-lettered with the reason.
 */

/** Each event type's properties, `?` marking the optional ones. */
const REC_REF = ' requestId? placement? position?';
const CART = `productId quantity price? currency?${REC_REF}`;
const REC = 'requestId placement productId position variant? strategy? modelVersion? channel?';
const PROMO = 'promotionId slot position?';
const LINE_ITEM = 'productId quantity price';
const SPECS: Record<string, string> = {
  page_view: 'title?',
  product_view: `productId${REC_REF}`,
  search: 'query resultCount?',
  add_to_cart: CART,
  remove_from_cart: CART,
  purchase: 'orderId lineItems revenue currency',
  rec_impression: REC,
  rec_click: REC,
  promo_impression: PROMO,
  promo_click: PROMO,
  identify: 'previousAnonymousId? traits?',
  custom: 'name properties?',
};

/** The event types, in the contract's order (not imported from the zod module, to keep zod out of the bundle). */
const EVENT_TYPES = Object.keys(SPECS);

/** The type of a property by its name; `string` for the others. */
const KINDS: Record<string, string> = {
  quantity: 'number', price: 'number', position: 'number', revenue: 'number', resultCount: 'number',
  lineItems: 'array', traits: 'object', properties: 'object',
};

/** `typeof`, telling arrays, null and non-finite numbers apart. */
const kind = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v == 'number' && !isFinite(v) ? String(v) : typeof v);

/** What else is wrong with a value of the right type (`DEV` only): the contract's ranges, lengths and formats. */
type Check = (value: never) => string | null | undefined | false;
const str = (min: number, max: number, re?: RegExp): Check => (v: string) =>
  v.length < min ? `must be at least ${min} characters`
    : v.length > max ? `must be at most ${max} characters`
    : re && !re.test(v) && `must match ${re}`;
const num = (min: number, max: number, int?: boolean): Check => (v: number) =>
  int && !Number.isInteger(v) ? 'must be int, got number'
    : v < min ? `must be at least ${min}` : v > max && `must be at most ${max}`;
/** An object of at most `maxKey`-character keys whose values pass `values`. */
const record = (maxKey: number, values?: (v: unknown) => string | null | undefined | false): Check => (v: object) => {
  for (const [k, x] of Object.entries(v)) {
    if (k.length > maxKey) return `has a key longer than ${maxKey} characters`;
    const what = values?.(x);
    if (what) return `has key "${k}" that ${what}`;
  }
};
const id = str(1, 128);
const label = str(0, 64);
const money = num(0, 1e9);
const MORE: Record<string, Check> = DEV ? {
  productId: id, requestId: id, orderId: id, promotionId: id, previousAnonymousId: id,
  placement: str(1, 64, /^[a-z0-9][a-z0-9-]*$/),
  position: num(0, 1000, true),
  price: money, revenue: money,
  currency: str(3, 3, /^[A-Z]{3}$/),
  quantity: num(1, 10000, true),
  variant: label, strategy: label, modelVersion: label,
  channel: (v: string) => v !== 'web' && v !== 'email' && 'must be one of "web", "email"',
  slot: str(1, 64),
  title: str(0, 512),
  query: str(1, 256),
  resultCount: num(0, Number.MAX_SAFE_INTEGER, true),
  name: str(1, 64, /^[A-Za-z0-9_.:-]+$/),
  lineItems: (v: unknown[]) => (v.length < 1 ? 'must have at least 1 item(s)' : v.length > 200 && 'must have at most 200 item(s)'),
  traits: record(64, (x) => (typeof x == 'string' ? str(0, 1000)(x as never) : kind(x) != 'number' && typeof x != 'boolean' && 'must be string, number or boolean')),
  properties: record(128),
} : {};

/** Pushes a problem for each property of `value` (named `path`) that breaks `spec`. */
function shape(spec: string, value: unknown, path: string, problems: ContractProblem[]): void {
  const push = (field: string, what: string) => void problems.push({ field, message: `${field} ${what}` });
  if (kind(value) != 'object') return push(path, value === undefined ? 'is required (object)' : `must be object${DEV ? `, got ${kind(value)}` : ''}`);
  for (const item of spec.split(' ')) {
    const name = item.replace('?', '');
    const field = `${path}.${name}`;
    const v = (value as Record<string, unknown>)[name];
    const want = KINDS[name] ?? 'string';
    if (v === undefined) {
      if (name == item) push(field, 'is required');
    } else if (kind(v) != want) push(field, `must be ${want}${DEV ? `, got ${kind(v)}` : ''}`);
    else {
      const what = DEV && MORE[name]?.(v as never);
      if (what) push(field, what);
    }
  }
}

const fails = (field: string, message: string): Validated<FocalEvent> => ({ ok: false, problems: [{ field, message }] });

/** Light validation of an SDK-built event: same answer shape (and, with `DEV`, wording) as `validateEvent`. */
export function checkEvent(input: unknown): Validated<FocalEvent> {
  const event = input as FocalEvent;
  const problems: ContractProblem[] = [];
  const type = event?.type;
  if (!EVENT_TYPES.includes(type)) {
    return fails('type', DEV ? `type must be one of ${EVENT_TYPES.join(', ')}; got ${JSON.stringify(type)}` : 'type must be a Focal event type');
  }
  shape(SPECS[type], event.properties, 'properties', problems);
  if (type == 'purchase' && !problems.length) event.properties.lineItems.forEach((item, i) => shape(LINE_ITEM, item, `properties.lineItems.${i}`, problems));
  if (problems.length) return { ok: false, problems };
  const json = JSON.stringify(event);
  if (json.includes('\\u0000')) return fails('(root)', DEV ? 'event contains a NUL character (\\u0000); remove it — it is never meaningful and cannot be stored' : 'event contains a NUL character');
  const bytes = byteLength(json);
  if (bytes > MAX_EVENT_BYTES) return fails('(root)', `event is ${bytes} bytes; the limit is ${MAX_EVENT_BYTES} bytes${DEV ? '. Send fewer or shorter properties' : ''}`);
  const pii = findPersonalData(event.properties, 'properties');
  return pii
    ? fails(pii.field, `${pii.field} looks like a ${pii.kind}${DEV ? '; personal data must not be sent in event properties (use identify() with your own user id)' : ''}`)
    : { ok: true, value: event, json };
}
