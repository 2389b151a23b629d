import { expect, it } from 'vitest';
import { uuidv7 } from './uuidv7.js';

it('makes RFC 9562 version-7 ids: unique, in creation order (also within one millisecond), stamped with now', () => {
  const ids = Array.from({ length: 5000 }, uuidv7);
  for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  expect([...ids].sort()).toEqual(ids);
  expect(new Set(ids).size).toBe(ids.length);
  expect(Math.abs(parseInt(ids[0].replace(/-/g, '').slice(0, 12), 16) - Date.now())).toBeLessThan(5000);
});
