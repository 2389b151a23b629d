import type { FocalEvent } from '../contracts/events.js';
import type { ContractProblem } from '../contracts/errors.js';
import type { Validated } from '../contracts/validate.js';
import { byteLength, MAX_EVENT_BYTES } from '../contracts/limits.js';
import { findPersonalData } from '../contracts/personal-data.js';

/*
 * A light check of events built by the SDK, used in the script-tag bundle instead of the zod contract
 * (which costs ~11.5 kB gzip there). It checks the same rules for `properties` — required fields, types,
 * ranges, formats — plus the 32 kB limit and personal data, with the contract's wording. The envelope is
 * built by the SDK itself. The adapter always validates with the full contract; rejections it reports are
 * dead-lettered with the reason.
 */

/** What is wrong with a value (`undefined` when nothing); a check marked `optional` accepts `undefined`. */
type Check = ((value: unknown) => string | null | undefined) & { optional?: boolean };

const kind = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);
const str = (min: number, max: number, re?: RegExp): Check => (v) =>
  typeof v !== 'string' ? `must be string, got ${kind(v)}`
    : v.length < min ? `must be at least ${min} characters`
    : v.length > max ? `must be at most ${max} characters`
    : re && !re.test(v) ? `must match ${re}` : null;
const num = (min: number, max: number, int?: boolean): Check => (v) =>
  typeof v !== 'number' || !Number.isFinite(v) ? `must be number, got ${kind(v)}`
    : int && !Number.isInteger(v) ? 'must be int, got number'
    : v < min ? `must be at least ${min}` : v > max ? `must be at most ${max}` : null;
const isObject = (v: unknown): v is Record<string, unknown> => kind(v) === 'object';
/** The same check, for an optional field. */
const opt = (check: Check): Check => Object.assign((v: unknown) => check(v), { optional: true });

type Shape = Record<string, Check>;
const id = str(1, 128);
const placement = str(1, 64, /^[a-z0-9][a-z0-9-]*$/);
const position = num(0, 1000, true);
const money = num(0, 1e9);
const currency = str(3, 3, /^[A-Z]{3}$/);
const quantity = num(1, 10000, true);
const label = opt(str(0, 64));
const recRef: Shape = { requestId: opt(id), placement: opt(placement), position: opt(position) };
const cart: Shape = { productId: id, quantity, price: opt(money), currency: opt(currency), ...recRef };
const rec: Shape = {
  requestId: id, placement, productId: id, position, variant: label, strategy: label, modelVersion: label,
  channel: opt((v) => (v === 'web' || v === 'email' ? null : 'must be one of "web", "email"')),
};
const promo: Shape = { promotionId: id, slot: str(1, 64), position: opt(position) };
const lineItem: Shape = { productId: id, quantity, price: money };

/** Pushes a problem for each field of `value` that breaks `spec` (`path` names `value`). */
function shape(spec: Shape, value: unknown, path: string, problems: ContractProblem[]): void {
  if (!isObject(value)) {
    problems.push({ field: path, message: `${path} ${value === undefined ? 'is required (object)' : `must be object, got ${kind(value)}`}` });
    return;
  }
  for (const key in spec) {
    const field = `${path}.${key}`;
    const v = value[key];
    const what = v === undefined ? !spec[key].optional && 'is required' : spec[key](v);
    if (what) problems.push({ field, message: `${field} ${what}` });
  }
}

const lineItems: Check = (v) => (!Array.isArray(v) ? `must be array, got ${kind(v)}`
  : v.length < 1 ? 'must have at least 1 item(s)' : v.length > 200 ? 'must have at most 200 item(s)' : null);
/** An object of at most `maxKey`-character keys whose values pass `values`. */
const record = (values: Check | null, maxKey: number): Check => opt((v) => {
  if (!isObject(v)) return `must be record, got ${kind(v)}`;
  for (const [k, x] of Object.entries(v)) {
    if (k.length > maxKey) return `has a key longer than ${maxKey} characters`;
    const what = values?.(x);
    if (what) return `has key "${k}" that ${what}`;
  }
});
const scalar: Check = (v) => (typeof v === 'string' ? str(0, 1000)(v) : typeof v === 'number' || typeof v === 'boolean' ? null : 'must be string, number or boolean');

const SHAPES: Record<string, Shape> = {
  page_view: { title: opt(str(0, 512)) },
  product_view: { productId: id, ...recRef },
  search: { query: str(1, 256), resultCount: opt(num(0, Number.MAX_SAFE_INTEGER, true)) },
  add_to_cart: cart,
  remove_from_cart: cart,
  purchase: { orderId: id, lineItems, revenue: money, currency },
  rec_impression: rec,
  rec_click: rec,
  promo_impression: promo,
  promo_click: promo,
  identify: { previousAnonymousId: opt(id), traits: record(scalar, 64) },
  custom: { name: str(1, 64, /^[A-Za-z0-9_.:-]+$/), properties: record(null, 128) },
};

/** The event types, in the contract's order (not imported from the zod module, to keep zod out of the bundle). */
const EVENT_TYPES = Object.keys(SHAPES);

const fails = (field: string, message: string): Validated<FocalEvent> => ({ ok: false, problems: [{ field, message }] });

/** Light validation of an SDK-built event: same answer shape and wording as `validateEvent`. */
export function checkEvent(input: unknown): Validated<FocalEvent> {
  const event = input as FocalEvent;
  const problems: ContractProblem[] = [];
  if (!EVENT_TYPES.includes(event?.type)) return fails('type', `type must be one of ${EVENT_TYPES.join(', ')}; got ${JSON.stringify(event?.type)}`);
  shape(SHAPES[event.type], event.properties, 'properties', problems);
  if (event.type === 'purchase' && !problems.length) event.properties.lineItems.forEach((item, i) => shape(lineItem, item, `properties.lineItems.${i}`, problems));
  if (problems.length) return { ok: false, problems };
  const bytes = byteLength(JSON.stringify(event));
  if (bytes > MAX_EVENT_BYTES) return fails('(root)', `event is ${bytes} bytes; the limit is ${MAX_EVENT_BYTES} bytes. Send fewer or shorter properties`);
  const pii = findPersonalData(event.properties, 'properties');
  return pii
    ? fails(pii.field, `${pii.field} looks like a ${pii.kind}; personal data must not be sent in event properties (use identify() with your own user id)`)
    : { ok: true, value: event };
}
