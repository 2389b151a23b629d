import { describe, expect, it } from 'vitest';
import { EVENT_TYPES, MAX_EVENT_BYTES, validateEvent, EventBatch, Product, RecommendationBatchRequest } from '../../src/contracts/index.js';
import { validExamples } from './examples.js';

describe('event contract', () => {
  it('has a valid example for every event type', () => {
    expect(new Set(validExamples.map((e) => e.type))).toEqual(new Set(EVENT_TYPES));
  });

  it.each(validExamples.map((e) => [e.type, e] as const))('round-trips a valid %s event through JSON unchanged', (_type, event) => {
    const result = validateEvent(JSON.parse(JSON.stringify(event)));
    expect(result).toEqual({ ok: true, value: event, json: expect.any(String) });
    // the JSON the SDK stores and sends is the same event
    expect(JSON.parse((result as { json: string }).json)).toEqual(event);
  });

  const good = validExamples[3];
  const bad: Array<[string, unknown, string, RegExp]> = [
    ['missing id', { ...good, id: undefined }, 'id', /id is required/],
    ['id not a UUIDv7', { ...good, id: '1234' }, 'id', /id must be a valid uuid/],
    ['quantity as text', { ...good, properties: { ...good.properties, quantity: '1' } }, 'properties.quantity', /must be number, got string/],
    ['negative price', { ...good, properties: { ...good.properties, price: -5 } }, 'properties.price', /at least 0/],
    ['currency in lower case', { ...good, properties: { ...good.properties, currency: 'eur' } }, 'properties.currency', /properties\.currency/],
    ['createdAt not ISO', { ...good, createdAt: 'yesterday' }, 'createdAt', /ISO-8601/],
    ['unknown type', { ...good, type: 'teleport' }, 'type', /type must be one of page_view, .*custom; got "teleport"/],
    ['consent missing', { ...good, consent: undefined }, 'consent', /consent is required/],
    ['purchase without line items', { ...validExamples[5], properties: { ...validExamples[5].properties, lineItems: [] } }, 'properties.lineItems', /at least 1 item/],
    ['e-mail in properties', { ...validExamples[11], properties: { name: 'x', properties: { contact: 'jane.doe@example.com' } } }, 'properties.properties.contact', /email address/],
    ['card number in properties', { ...validExamples[2], properties: { query: '4111 1111 1111 1111' } }, 'properties.query', /card number/],
    ['NUL in the anonymous id', { ...good, anonymousId: 'a\u0000b' }, 'anonymousId', /anonymousId must be a valid value of the documented form/],
    ['NUL in free text', { ...validExamples[2], properties: { query: 'round\u0000frames' } }, '(root)', /NUL character/],
    ['oversized custom event', { ...validExamples[11], properties: { name: 'big', properties: { blob: 'x'.repeat(MAX_EVENT_BYTES) } } }, '(root)', /limit is 32768 bytes/],
  ];

  it.each(bad)('rejects %s, naming the field', (_name, input, field, message) => {
    const result = validateEvent(input);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => p.field)).toContain(field);
    expect(result.problems.map((p) => p.message).join('\n')).toMatch(message);
  });

  it('keeps properties beyond the named fields as sent, and checks them for personal data like the rest', () => {
    const cart = { ...good, properties: { ...good.properties, coupon: 'SPRING', lens: { index: 1.6, coatings: ['ar'] } } };
    expect(validateEvent(cart)).toMatchObject({ ok: true, value: { properties: { coupon: 'SPRING', lens: { index: 1.6, coatings: ['ar'] } } } });
    const leaky = validateEvent({ ...good, properties: { ...good.properties, buyer: 'jane.doe@example.com' } });
    expect(leaky).toMatchObject({ ok: false, problems: [{ field: 'properties.buyer' }] });
  });

  it('does not flag ordinary numbers such as order ids as card numbers', () => {
    const purchase = { ...validExamples[5], properties: { ...validExamples[5].properties, orderId: '1234567890123' } };
    expect(validateEvent(purchase).ok).toBe(true);
  });
});

describe('other wire types', () => {
  it('a batch holds 1..500 events of any shape, validated one by one later', () => {
    expect(EventBatch.safeParse({ events: [{ junk: true }, validExamples[0]] }).success).toBe(true);
    expect(EventBatch.safeParse({ events: [] }).success).toBe(false);
    expect(EventBatch.safeParse({ events: new Array(501).fill({}) }).success).toBe(false);
  });

  it('a product needs a category path and a stock flag', () => {
    const product = { id: 'FR-1', title: 'Aria', url: '/p/FR-1', price: 99, currency: 'EUR', categoryPath: ['Frames'], inStock: true };
    expect(Product.safeParse(product).success).toBe(true);
    expect(Product.safeParse({ ...product, categoryPath: [] }).success).toBe(false);
  });

  it('a recommendation request names valid placements', () => {
    expect(RecommendationBatchRequest.safeParse({ placements: [{ placement: 'pdp-similar', items: ['FR-1'], limit: 8 }] }).success).toBe(true);
    expect(RecommendationBatchRequest.safeParse({ placements: [{ placement: 'PDP Similar' }] }).success).toBe(false);
  });
});
