// @vitest-environment happy-dom
// (a file of its own: autoMount's MutationObserver stays on the document, and would mount other tests' elements)
import { describe, expect, it, vi } from 'vitest';
import { waitFor } from '@testing-library/preact';
import { autoMount, type FocalLike } from '../../src/index.js';
import { candidate } from '../fixtures.js';

/** A fake adapter answering every placement with `ids` (in EUR). */
const adapter = (ids: string[]) => ({
  fetch: (async (_url: unknown, init?: RequestInit) => Response.json({ results: JSON.parse(String(init?.body)).placements.map((p: { placement: string }) => ({
    requestId: 'req-1', placement: p.placement, strategy: 'blend', items: ids.map((id, i) => candidate(id, i)) })) })) as typeof fetch,
});

describe('autoMount: a bundle anchor the page gives', () => {
  it('a data-focal-anchor without a price (or with a lower-case currency) is left out, named in a warning; the picks show, total and add as without an anchor', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const onAdd = vi.fn();
    document.body.innerHTML = `<div data-focal-placement="pdp-bundle" data-focal-layout="bundle" data-focal-locale="en-GB"
      data-focal-anchor='{"id":"FR-1","title":"Aria Round","currency":"EUR","url":"/p/FR-1"}'></div>
      <div id="fbt" data-focal-layout="bundle"></div>`;
    document.body.addEventListener('focal:add-to-cart', onAdd);
    const focal: FocalLike = {};
    const mount = autoMount(focal, { endpoint: 'https://recs.test', siteKey: 'pk', fetch: adapter(['LENS', 'CASE']).fetch, cache: false });
    const bundle = document.querySelector('[data-focal-placement]')!;
    await waitFor(() => expect(bundle.querySelectorAll('input[type=checkbox]')).toHaveLength(2));
    expect(bundle.textContent).not.toMatch(/NaN/);
    expect(bundle.textContent).not.toMatch(/Aria Round/);
    expect(bundle.querySelector('.focal-Bundle-total')!.textContent!.replace(/\s/g, ' ')).toBe('Total price: €210.00');
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/^focal: anchor\.price must be a number/));
    // (an anchor in 'eur' would have made every EUR item "another currency": nothing shown, nothing added)
    mount('#fbt', { placement: 'pdp-bundle', anchor: { id: 'FR-2', title: 'Nova', price: 99, currency: 'eur', url: '/p/FR-2' } });
    const fbt = document.querySelector('#fbt')!;
    await waitFor(() => expect(fbt.querySelectorAll('input[type=checkbox]')).toHaveLength(2));
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/^focal: anchor\.currency must be .*got "eur"/));
    (fbt.querySelector('.focal-Bundle-add') as HTMLButtonElement).click();
    expect(onAdd.mock.calls[0][0].detail.items.map((i: { id: string }) => i.id)).toEqual(['LENS', 'CASE']);
    warn.mockRestore();
  });
});
