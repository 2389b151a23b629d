/** `WebLink` / `isWebLink` of `@focal/sdk-core/contracts`: the link rule the adapter README tells feed authors to check with. */
import { describe, expect, it } from 'vitest';
import { isWebLink, WebLink } from '@focal/sdk-core/contracts';

describe('isWebLink, as @focal/sdk-core/contracts exports it', () => {
  it.each([
    ['https://shop.example/p/1', true],
    ['/p/123', true],
    ['p/123', true],
    ['javascript:alert(1)', false],
    [' JaVa\tScRiPt:alert(1)', false],
    ['data:text/html,<b>x</b>', false],
    ['vbscript:msgbox(1)', false],
    ['', false],
  ])('%j → %s, the same answer as the WebLink schema', (link, ok) => {
    expect(isWebLink(link)).toBe(ok);
    expect(WebLink.safeParse(link).success).toBe(ok);
  });
});
