/**
 * The model loop as a retailer runs it: a device model is live and reorders a placement; the widgets log what the
 * shopper saw and clicked; `focal-adapter train` turns those events into its lists. The lists must hold what the
 * device fed its model (the SERVER's rank), and the printed "server order" baseline must be the server's order —
 * not the order the previous model showed.
 */
import { describe, expect, it } from 'vitest';
import { createRecommendClient } from '@focal/sdk-core';
import type { FocalEvent, Product } from '@focal/sdk-core/contracts';
import { FEATURE_NAMES, initMlp } from '@focal/sdk-core/ranking';
import { connectPlacement } from '../../packages/widgets/src/index.js';
import { candidate } from '../../packages/widgets/test/fixtures.js';
import { impressionLists } from '../../packages/server-adapter/src/training/impression-lists.js';
import { evaluateLists } from '../../packages/server-adapter/src/training/train-events.js';
import { seededRandom } from '../../packages/server-adapter/src/training/random.js';

const IDS = ['A', 'B', 'C', 'D', 'E', 'F'];

describe('retraining after a device model was live', () => {
  it('learns from the server rank the device saw, and measures the server order as the server ranked it', async () => {
    // the adapter ranks A..F; the live device model (mlp-8) shows them the other way round
    const fetch = (async (_url: string, init: RequestInit) => Response.json({
      results: JSON.parse(String(init.body)).placements.map((p: { placement: string }) => ({
        requestId: 'req-1', placement: p.placement, strategy: 'blend', items: IDS.map((id, i) => candidate(id, i, { features: { score: 1 / (1 + i), rank: i, popularity: 10 - i, cooccurrence: 0, ageDays: 5, strategyScores: { 'co-view': 1 / (1 + i) } } })),
      })),
    })) as unknown as typeof globalThis.fetch;
    const client = createRecommendClient({ endpoint: 'https://recs.test', siteKey: 'pk', fetch, cache: false, reranker: { rerank: <T,>(items: T[]) => [...items].reverse(), version: () => 'mlp-8' } });
    const tracked: Array<[string, Record<string, unknown>]> = [];
    const connector = connectPlacement(client.placement({ placement: 'pdp-similar', items: ['X'] }), { track: async (type, properties) => void tracked.push([type, properties]) });
    const props = await new Promise<Parameters<Parameters<typeof connector.subscribe>[0]>[0]>((resolve) => connector.subscribe((p) => { if (p.state.status === 'ready' && p.state.source === 'reranked') resolve(p); }));
    expect(props.state.items.map((i) => i.id)).toEqual([...IDS].reverse());
    // the shopper sees all six in the device's order and clicks A, the server's first, shown last
    props.state.items.forEach((item, position) => props.sendEvent('rec_impression', item, position));
    props.sendEvent('rec_click', props.state.items[5], 5);

    const events = tracked.map(([type, properties], i) => ({
      id: `0190a000-0000-7000-8000-${String(i + 1).padStart(12, '0')}`, type, createdAt: new Date(Date.UTC(2026, 10, 1, 10, 0, i)).toISOString(),
      anonymousId: 'anon', sessionId: 's1', consent: { analytics: true, personalization: true }, properties,
    }) as FocalEvent);
    const products: Product[] = IDS.map((id, i) => { const { features: _f, strategy: _s, reason: _r, ...p } = candidate(id, i); return p; });
    const { lists } = impressionLists(events, products);
    expect(lists).toHaveLength(1);
    const [list] = lists;
    expect(list.ids).toEqual([...IDS].reverse()); // in the order shown
    const column = FEATURE_NAMES.indexOf('server_rank_reciprocal');
    const serverRankFeature = (id: string) => list.x[list.ids.indexOf(id) * FEATURE_NAMES.length + column];
    // what the device computed for A when it ranked it: 1/(1 + server rank 0)
    expect(serverRankFeature('A')).toBe(1);
    expect(serverRankFeature('F')).toBeCloseTo(1 / 6, 6);

    // the "server order" baseline train prints: A, the clicked one, is the server's first
    const metrics = evaluateLists({ mlp: initMlp([16, 32, 16, 1], seededRandom(1)), normalization: { mean: Array(16).fill(0), std: Array(16).fill(1) } }, lists);
    expect(metrics['baseline_mrr@20']).toBe(1);
  });
});
