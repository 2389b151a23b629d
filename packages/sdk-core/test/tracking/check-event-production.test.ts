/**
 * The light event check as built into focal.min.js (`DEV` false): the cheap rules only, short messages that still
 * name the field. (check-event.test.ts covers the `DEV` form, with the contract's ranges and wording.)
 */
import { describe, expect, it, vi } from 'vitest';
import { MAX_EVENT_BYTES } from '../../src/contracts/limits.js';
import { validExamples } from '../contracts/examples.js';

vi.mock('../../src/tracking/build.js', () => ({ SCRIPT_TAG: true, DEV: false, DEV_HINT: ' (focal.dev.js explains)' }));
const { checkEvent } = await import('../../src/tracking/check-event.js');

const byType = Object.fromEntries(validExamples.map((e) => [e.type, e])) as Record<string, (typeof validExamples)[number]>;
const withProps = (type: string, properties: unknown) => ({ ...byType[type], properties });
const problem = (input: unknown) => {
  const checked = checkEvent(input);
  return checked.ok ? null : checked.problems[0];
};

describe('light event check in focal.min.js', () => {
  it.each(validExamples.map((e) => [e.type, e] as const))('accepts the valid %s example', (_t, event) => {
    expect(checkEvent(event).ok).toBe(true);
  });

  it.each([
    ['quantity as text', withProps('add_to_cart', { productId: 'A', quantity: '1' }), 'properties.quantity', 'properties.quantity must be number'],
    ['price not finite', withProps('add_to_cart', { productId: 'A', quantity: 1, price: Number.NaN }), 'properties.price', 'properties.price must be number'],
    ['missing productId', withProps('product_view', {}), 'properties.productId', 'properties.productId is required'],
    ['productId a number', withProps('product_view', { productId: 7 }), 'properties.productId', 'properties.productId must be string'],
    ['line items not an array', withProps('purchase', { orderId: 'o1', lineItems: {}, revenue: 1, currency: 'EUR' }), 'properties.lineItems', 'properties.lineItems must be array'],
    ['line item without price', withProps('purchase', { orderId: 'o1', lineItems: [{ productId: 'A', quantity: 1 }], revenue: 1, currency: 'EUR' }), 'properties.lineItems.0.price', 'properties.lineItems.0.price is required'],
    ['traits not an object', withProps('identify', { traits: 'vip' }), 'properties.traits', 'properties.traits must be object'],
    ['properties missing', { ...byType.page_view, properties: undefined }, 'properties', 'properties is required (object)'],
    ['unknown type', { ...byType.page_view, type: 'teleport' }, 'type', 'type must be a Focal event type'],
    ['NUL character', withProps('search', { query: 'a\u0000b' }), '(root)', 'event contains a NUL character'],
    ['e-mail address', withProps('custom', { name: 'x', properties: { contact: 'jane.doe@example.com' } }), 'properties.properties.contact', 'properties.properties.contact looks like a email address'],
    ['oversized', withProps('custom', { name: 'big', properties: { blob: 'x'.repeat(MAX_EVENT_BYTES) } }), '(root)', /^event is \d+ bytes; the limit is 32768 bytes$/],
  ] as const)('refuses %s, naming the field in a short message', (_name, input, field, message) => {
    const p = problem(input);
    expect(p?.field).toBe(field);
    if (typeof message === 'string') expect(p?.message).toBe(message);
    else expect(p?.message).toMatch(message);
  });

  it('leaves ranges, lengths and formats to focal.dev.js and the adapter', () => {
    expect(problem(withProps('add_to_cart', { productId: 'A', quantity: 0, currency: 'eur' }))).toBeNull();
    expect(problem(withProps('rec_click', { requestId: 'r', placement: 'PDP', productId: 'A', position: 1.5 }))).toBeNull();
  });
});
