import { describe, expect, it } from 'vitest';
import { checkEvent } from '../../src/tracking/check-event.js';
import { validateEvent } from '../../src/contracts/validate.js';
import { MAX_EVENT_BYTES } from '../../src/contracts/limits.js';
import { validExamples } from '../contracts/examples.js';

const byType = Object.fromEntries(validExamples.map((e) => [e.type, e])) as Record<string, (typeof validExamples)[number]>;
const withProps = (type: string, properties: unknown) => ({ ...byType[type], properties });

/** Bad properties a shopper's site could pass to track(), with the field the error must name. */
const bad: Array<[string, unknown, string]> = [
  ['quantity as text', withProps('add_to_cart', { productId: 'A', quantity: '1' }), 'properties.quantity'],
  ['quantity zero', withProps('add_to_cart', { productId: 'A', quantity: 0 }), 'properties.quantity'],
  ['missing productId', withProps('product_view', {}), 'properties.productId'],
  ['negative price', withProps('add_to_cart', { productId: 'A', quantity: 1, price: -1 }), 'properties.price'],
  ['lower-case currency', withProps('add_to_cart', { productId: 'A', quantity: 1, currency: 'eur' }), 'properties.currency'],
  ['empty line items', withProps('purchase', { orderId: 'o1', lineItems: [], revenue: 1, currency: 'EUR' }), 'properties.lineItems'],
  ['line item without price', withProps('purchase', { orderId: 'o1', lineItems: [{ productId: 'A', quantity: 1 }], revenue: 1, currency: 'EUR' }), 'properties.lineItems.0.price'],
  ['placement with capitals', withProps('rec_click', { requestId: 'r', placement: 'PDP', productId: 'A', position: 0 }), 'properties.placement'],
  ['position not an integer', withProps('rec_impression', { requestId: 'r', placement: 'pdp', productId: 'A', position: 1.5 }), 'properties.position'],
  ['empty search', withProps('search', { query: '' }), 'properties.query'],
  ['custom name with spaces', withProps('custom', { name: 'a b' }), 'properties.name'],
  ['properties missing', { ...byType.page_view, properties: undefined }, 'properties'],
  ['unknown type', { ...byType.page_view, type: 'teleport' }, 'type'],
  ['e-mail address', withProps('custom', { name: 'x', properties: { contact: 'jane.doe@example.com' } }), 'properties.properties.contact'],
  ['card number', withProps('search', { query: '4111 1111 1111 1111' }), 'properties.query'],
  ['oversized', withProps('custom', { name: 'big', properties: { blob: 'x'.repeat(MAX_EVENT_BYTES) } }), '(root)'],
];

describe('light event check (script-tag build)', () => {
  it.each(validExamples.map((e) => [e.type, e] as const))('accepts the valid %s example, like the contract', (_t, event) => {
    expect(checkEvent(event).ok).toBe(true);
  });

  it.each(bad)('rejects %s naming the same field as the zod contract', (_name, input, field) => {
    const light = checkEvent(input);
    const full = validateEvent(input);
    expect(full.ok).toBe(false);
    expect(light.ok).toBe(false);
    if (light.ok || full.ok) return;
    expect(light.problems[0].field).toBe(field);
    expect(full.problems.map((p) => p.field)).toContain(field);
    if (field !== '(root)') expect(light.problems[0].message).toContain(field);
    else expect(light.problems[0].message).toMatch(/limit is 32768 bytes/);
  });
});

describe('light event check: event types', () => {
  it('knows exactly the contract event types (same message for an unknown type)', () => {
    const input = { ...byType.page_view, type: 'teleport' };
    const light = checkEvent(input);
    const full = validateEvent(input);
    expect(light.ok || full.ok).toBe(false);
    if (!light.ok && !full.ok) expect(light.problems[0].message).toBe(full.problems[0].message);
  });
});
