import { describe, expect, it } from 'vitest';
import {
  FEATURE_COUNT, FEATURE_NAMES, brandViewShare, createReranker, encodeWeights, categoryViewShare, computeFeatures, dwellSeconds, emptySession, impressionsWithoutClick,
  inCart, itemViewRecency, itemViews, lastViewSimilarity, logAgeDays, logCooccurrence, logPopularity, observe, priceFit, purchased,
  rememberProducts, serverRankReciprocal, serverScore, sessionSimilarity, type SessionState,
} from '../../src/ranking/index.js';
import { addToCart, at, candidate, click, impression, purchase, removeFromCart, view } from './fixtures.js';

const frames = candidate('F1', { price: 100, brand: 'Lumen', attributes: { shape: 'round' } });
const frames2 = candidate('F2', { price: 110, brand: 'Lumen', attributes: { shape: 'round' } });
const sun = candidate('S1', { price: 100, categoryPath: ['Sunglasses', 'Aviator'], brand: 'Sol' });
const lens = candidate('L1', { price: 20, categoryPath: ['Contact lenses', 'Daily'], brand: 'Aqua' });

function session(...events: Parameters<typeof observe>[1][]): SessionState {
  let s = rememberProducts(emptySession(), [frames, frames2, sun, lens]);
  for (const e of events) s = observe(s, e);
  return s;
}

describe('server features', () => {
  it('pass the server score and turn rank, popularity, lift and age into bounded numbers', () => {
    const c = candidate('x', {}, { score: 0.7, rank: 3, popularity: Math.E - 1, cooccurrence: 0, ageDays: 0 });
    expect(serverScore(c)).toBe(0.7);
    expect(serverRankReciprocal(c)).toBe(0.25);
    expect(logPopularity(c)).toBeCloseTo(1, 10);
    expect(logCooccurrence(c)).toBe(0);
    expect(logAgeDays(c)).toBe(0);
    expect(serverScore(candidate('y', {}, { score: Number.NaN }))).toBe(0);
  });
});

describe('session features', () => {
  it('count views of the item and how recently it was viewed, in views', () => {
    const s = session(view('F1', 0), view('S1', 1), view('F1', 2), view('L1', 3));
    expect(itemViews(frames, s)).toBeCloseTo(Math.log(3), 10);
    expect(itemViews(frames2, s)).toBe(0);
    expect(itemViewRecency(lens, s)).toBe(1);
    expect(itemViewRecency(frames, s)).toBe(0.5);
    expect(itemViewRecency(sun, s)).toBeCloseTo(1 / 3, 10);
    expect(itemViewRecency(frames2, s)).toBe(0);
  });

  it('share of views in the candidate category and brand', () => {
    const s = session(view('F1'), view('F2'), view('S1'), view('L1'));
    expect(categoryViewShare(frames, s)).toBe(0.5);
    expect(brandViewShare(frames, s)).toBe(0.5);
    expect(categoryViewShare(sun, s)).toBe(0.25);
    expect(categoryViewShare(frames, emptySession())).toBe(0);
  });

  it('similarity to the last viewed product and to the recent session, decayed by time', () => {
    const s = session(view('S1', 0), view('F1', 30));
    expect(lastViewSimilarity(frames2, s)).toBe(1); // same category, brand and attributes as F1
    expect(lastViewSimilarity(sun, s)).toBe(0); // S1 was viewed, but not last
    expect(lastViewSimilarity(frames, s)).toBe(1); // F1 itself
    expect(lastViewSimilarity(frames, emptySession())).toBe(0);
    // At minute 30, the F1 view weighs 1 and the S1 view 1/2: (1·1 + 0.5·0) / 1.5 for frames2, (1·0 + 0.5·1) / 1.5 for sun.
    expect(sessionSimilarity(frames2, s, at(30))).toBeCloseTo(2 / 3, 6);
    expect(sessionSimilarity(sun, s, at(30))).toBeCloseTo(1 / 3, 6);
    expect(sessionSimilarity(lens, s, at(30))).toBe(0);
  });

  it('price fit is 1 at the centre of the session band, lower away from it, 0.5 without a band', () => {
    expect(priceFit(frames, emptySession())).toBe(0.5);
    const s = session(view('F1'), view('S1')); // both 100
    expect(priceFit(frames, s)).toBeCloseTo(1, 6);
    expect(priceFit(lens, s)).toBeCloseTo(Math.exp(-((Math.log(20 / 100) / 0.25) ** 2) / 2), 6);
    expect(priceFit(lens, s)).toBeLessThan(0.01);
  });

  it('a price that is not a finite number counts as unknown and never spoils the band for the rest of the session', () => {
    // e.g. focal.describe([{ id, price: parseFloat('1e999') }]) on the page, or a price computed by division by zero
    const odd = candidate('O1', { price: Number.POSITIVE_INFINITY, brand: 'Lumen' });
    const s = observe(observe(rememberProducts(session(), [odd]), view('O1', 0)), view('F1', 1));
    expect(s.priceBand.n).toBe(1);
    expect(priceFit(frames, s)).toBeCloseTo(1, 6);
    expect(priceFit(odd, s)).toBe(0.5);
    const row = computeFeatures([frames, odd], s, at(2));
    expect(row[FEATURE_NAMES.indexOf('price_fit')]).toBeCloseTo(1, 6);
  });

  it('impressions without a click grow per impression and reset on a click or a view', () => {
    let s = session(impression('F1'), impression('F1'), impression('F1'));
    expect(impressionsWithoutClick(frames, s)).toBeCloseTo(Math.log(4), 10);
    s = observe(s, click('F1'));
    expect(impressionsWithoutClick(frames, s)).toBe(0);
    s = observe(observe(s, impression('F1')), view('F1'));
    expect(impressionsWithoutClick(frames, s)).toBe(0);
  });

  it('dwell accumulates seconds on the product page', () => {
    const s = session({ type: 'dwell', productId: 'F1', ms: 4000 }, { type: 'dwell', productId: 'F1', ms: 3000 }, { type: 'dwell', productId: 'F1', ms: -5 });
    expect(dwellSeconds(frames, s)).toBeCloseTo(Math.log(8), 6);
    expect(dwellSeconds(sun, s)).toBe(0);
  });

  it('cart and purchases', () => {
    let s = session(addToCart('F1', 2, 100), addToCart('S1'));
    expect(inCart(frames, s)).toBe(1);
    s = observe(s, removeFromCart('F1', 1));
    expect(inCart(frames, s)).toBe(1);
    s = observe(s, removeFromCart('F1', 1));
    expect(inCart(frames, s)).toBe(0);
    s = observe(s, purchase('S1'));
    expect(inCart(sun, s)).toBe(0);
    expect(purchased(sun, s)).toBe(1);
    expect(purchased(frames, s)).toBe(0);
  });
});

describe('observe', () => {
  it('never changes the state it is given', () => {
    const s0 = session(view('F1'));
    const copy = JSON.stringify(s0);
    observe(s0, view('S1'));
    observe(s0, impression('F1'));
    observe(s0, addToCart('F1'));
    expect(JSON.stringify(s0)).toBe(copy);
  });

  it('starts over when the tracker starts a new session (another sessionId): the previous session no longer counts', () => {
    // yesterday: F1 viewed twice, carted, shown 3 times without a click, dwelt on; this morning the tab is reused
    const yesterday = session(view('F1'), view('F1'), addToCart('F1', 1, 100), impression('S1'), impression('S1'), impression('S1'),
      { type: 'dwell', productId: 'F1', ms: 9000 });
    expect(itemViews(frames, yesterday)).toBeCloseTo(Math.log(3), 10);
    const today = (e: Parameters<typeof observe>[1]) => ({ ...e, sessionId: 'sess-2' }) as Parameters<typeof observe>[1];
    const s = observe(yesterday, today(view('L1')));
    expect(s).toEqual(observe(session(), today(view('L1')))); // what a fresh session of the trainer would hold
    expect(itemViews(frames, s)).toBe(0);
    expect(itemViewRecency(frames, s)).toBe(0);
    expect(inCart(frames, s)).toBe(0);
    expect(dwellSeconds(frames, s)).toBe(0);
    expect(impressionsWithoutClick(sun, s)).toBe(0);
    expect(categoryViewShare(lens, s)).toBe(1); // the catalog learned from candidates is kept
    // events of the same session keep adding up, also page views that change nothing else
    expect(observe(s, today(view('L1'))).totalViews).toBe(2);
    const page = today({ ...view('x'), type: 'page_view', properties: {} } as unknown as Parameters<typeof observe>[1]);
    expect(observe(s, page)).toBe(s);
  });

  it('forgets the session on an event of a shopper who refused personalisation, and counts nothing while refused', () => {
    // viewed, carted, shown and ignored; then the shopper withdraws consent to personalisation and browses on
    const refused = (e: Parameters<typeof observe>[1]) => ({ ...e, consent: { analytics: true, personalization: false } }) as Parameters<typeof observe>[1];
    const before = session(view('F1'), view('F1'), addToCart('F1', 1, 100), impression('S1'), { type: 'dwell', productId: 'F1', ms: 9000 });
    let s = observe(before, refused(view('L1')));
    s = observe(s, refused(addToCart('L1', 1, 20)));
    // the features are those of a session with nothing in it (what the trainer computes for such a shopper too)
    expect(computeFeatures([frames, sun, lens], s, at(0))).toEqual(computeFeatures([frames, sun, lens], session(), at(0)));
    expect(s.totalViews).toBe(0);
    // nothing of what the shopper did is kept (the product metadata learned from candidates is not theirs)
    expect([s.views, s.itemViews, s.categoryViews, s.impressions, s.dwellMs, s.cart, s.priceBand.n]).toEqual([[], {}, {}, {}, {}, {}, 0]);
    // consent given again: signals count from then on, not the ones from before
    const again = observe(s, view('L1'));
    expect(again.totalViews).toBe(1);
    expect(itemViews(frames, again)).toBe(0);
  });

  it('uses meta passed with a view for a product it has not seen as a candidate', () => {
    const s = observe(emptySession(), view('NEW'), { category: 'Frames/Optical frames', brand: 'lumen', price: 100 });
    expect(categoryViewShare(frames, s)).toBe(1);
    expect(priceFit(frames, s)).toBeCloseTo(1, 6);
  });
});

describe('computeFeatures', () => {
  it('returns one row per candidate in FEATURE_NAMES order', () => {
    expect(FEATURE_NAMES).toHaveLength(16);
    expect(new Set(FEATURE_NAMES).size).toBe(16);
    const s = session(view('F1', 0), addToCart('F1'));
    const x = computeFeatures([frames, sun], s, at(1));
    expect(x).toHaveLength(2 * FEATURE_COUNT);
    expect(x[FEATURE_NAMES.indexOf('in_cart')]).toBe(1);
    expect(x[FEATURE_COUNT + FEATURE_NAMES.indexOf('in_cart')]).toBe(0);
    expect(x[FEATURE_NAMES.indexOf('item_view_recency')]).toBe(1);
    expect([...x].every(Number.isFinite)).toBe(true);
  });

  it('a served number too large for float32 (score 1e39) counts as unknown: the candidate keeps its place by its other features', async () => {
    const huge = candidate('A', {}, { score: 1e39, rank: 0 });
    const x = computeFeatures([huge], emptySession(), at(0));
    expect([...x].every(Number.isFinite)).toBe(true);
    expect(x[FEATURE_NAMES.indexOf('server_score')]).toBe(0);
    // a linear model: server score + reciprocal server rank
    const weights = new Float32Array(FEATURE_COUNT);
    weights[FEATURE_NAMES.indexOf('server_score')] = 1;
    weights[FEATURE_NAMES.indexOf('server_rank_reciprocal')] = 1;
    const manifest = {
      version: 'mlp-lin', sha256: '0'.repeat(64), file: 'reranker.onnx', featureNames: [...FEATURE_NAMES], layers: [FEATURE_COUNT, 1],
      normalization: { mean: Array(FEATURE_COUNT).fill(0), std: Array(FEATURE_COUNT).fill(1) },
      weights: encodeWeights({ layers: [{ inputs: FEATURE_COUNT, outputs: 1, weights, bias: new Float32Array(1) }] }),
    };
    const reranker = createReranker({ manifestUrl: 'https://shop.test/reranker.json', load: 'manual', fetch: (async () => Response.json(manifest)) as typeof fetch });
    expect(await reranker.load()).toBe('ts');
    const served = [huge, candidate('B', {}, { score: 0.3, rank: 1 }), candidate('C', {}, { score: 0.2, rank: 2 })];
    // A: 0 + 1, B: 0.3 + 1/2, C: 0.2 + 1/3 (the model's score of A was Infinity or NaN, which ranks last)
    expect(reranker.rerankSync(served, emptySession(), { diversity: false }).items.map((c) => c.id)).toEqual(['A', 'B', 'C']);
  });
});
