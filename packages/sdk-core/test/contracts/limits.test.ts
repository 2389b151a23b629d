import { describe, expect, it } from 'vitest';
import { byteLength } from '../../src/contracts/limits.js';

describe('byteLength (the 32 kB event and 1 MB batch limits count UTF-8 bytes)', () => {
  it.each([
    ['empty', ''],
    ['ASCII', '{"productId":"SKU-1"}'],
    ['two-byte letters', 'Brille für Kinder, lunettes été'],
    ['three-byte characters', '眼鏡と€'],
    ['emoji (surrogate pairs)', '👓🕶️ frames'],
    ['a lone surrogate (encoded as U+FFFD)', 'a\ud800b'],
    ['a long ASCII string', 'x'.repeat(40_000)],
    ['a long multi-byte string', 'é👓眼'.repeat(5_000)],
    ['just under and over the reused buffer', 'é'.repeat(2_730) + '眼'],
  ])('%s: the same count as Buffer.byteLength', (_name, text) => {
    expect(byteLength(text)).toBe(Buffer.byteLength(text, 'utf8'));
  });

  it('stays right when a long string follows a short one and the other way round', () => {
    const texts = ['眼'.repeat(3_000), 'abc', '👓'.repeat(2_000), 'é'];
    expect(texts.map(byteLength)).toEqual(texts.map((t) => Buffer.byteLength(t)));
  });
});
