/**
 * A small recommendations server on loopback for browser tests: answers `POST /v1/recommendations` with
 * contract-valid JSON (checked with the zod contract before sending), `GET /v1/content`, and `POST /v1/events`
 * (accepts all). Behaviour by placement name: `empty-*` no items, `long-*` every other item named with one long word (a German compound), `fail-*` HTTP 500 for the batch,
 * `hang-*` never answers, `slow-*` answers after `slowMs`. CORS open for the test page's origin.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { RecommendationBatchResponse, type Candidate } from '@focal/sdk-core/contracts';

export interface RecsServer {
  url: string;
  requests: Array<{ placements: Array<{ placement: string; items?: string[]; limit?: number }>; anonymousId?: string; siteKey?: string }>;
  /** Events received at `POST /v1/events` (JSON or beacon text). */
  events: Array<{ type: string; properties: Record<string, unknown> }>;
  slowMs: number;
  close(): Promise<void>;
}

const NAMES = ['Aria Round', 'Milo Rectangle', 'Luna Cat-Eye', 'Otto Aviator', 'Nova Square', 'Iris Oval', 'Kai Browline', 'Sol Wayfarer', 'Vera Panto', 'Theo Clubmaster'];

/** Ten frames for a placement, ids prefixed so placements differ. */
export function frames(placement: string, count = 10): Candidate[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `${placement.slice(0, 3).toUpperCase()}-${i + 1}`, title: `${NAMES[i % NAMES.length]} ${i + 1}`, url: `/p/${placement}-${i + 1}`,
    image: `/img.svg?${i}`, price: 79 + i * 10, currency: 'EUR', categoryPath: ['Frames', 'Optical frames'], brand: 'Lumen', inStock: true,
    strategy: 'co-view', reason: i % 2 ? 'Popular with students' : 'Similar shape',
    features: { score: 1 - i / 20, rank: i, popularity: 100 - i, cooccurrence: 0.2, ageDays: 5, strategyScores: { 'co-view': 1 - i / 20 } },
  }));
}

const cors = {
  'access-control-allow-origin': '*',
  'access-control-allow-headers': 'content-type, x-focal-site-key, x-focal-anonymous-id',
  'access-control-allow-methods': 'GET, POST, OPTIONS',
};

async function body(req: IncomingMessage): Promise<string> {
  let text = '';
  for await (const chunk of req) text += chunk;
  return text;
}

export async function startRecsServer(): Promise<RecsServer> {
  const state: RecsServer = { url: '', requests: [], events: [], slowMs: 400, close: async () => undefined };
  const hanging: ServerResponse[] = [];
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (req.method === 'OPTIONS') return void res.writeHead(204, cors).end();
    const json = (status: number, value: unknown) => res.writeHead(status, { ...cors, 'content-type': 'application/json' }).end(JSON.stringify(value));
    if (url.pathname === '/v1/events') {
      const events = (JSON.parse((await body(req)) || '{}').events ?? []) as Array<{ id?: string; type: string; properties: Record<string, unknown> }>;
      state.events.push(...events);
      return json(200, { accepted: events.length, duplicates: 0, rejected: 0, results: events.map((e, index) => ({ index, id: e.id, status: 'accepted' })) });
    }
    if (url.pathname === '/v1/content') {
      const slot = url.searchParams.get('slot') ?? '';
      return json(200, { slot, promotions: slot.startsWith('empty') ? [] : [{
        id: 'promo-student', slot, title: 'Students save 20 % on frames', body: 'Show your student card in store or online.', priority: 10, source: 'local',
        image: { url: '/img.svg?promo', alt: 'A student trying on round frames', width: 1200, height: 300 }, cta: { label: 'See student offers', url: '/students' },
      }] });
    }
    if (url.pathname !== '/v1/recommendations' || req.method !== 'POST') return json(404, { error: { code: 'not_found', message: 'no route' } });
    const request = JSON.parse(await body(req));
    state.requests.push({ ...request, anonymousId: req.headers['x-focal-anonymous-id'] as string | undefined, siteKey: req.headers['x-focal-site-key'] as string | undefined });
    const names: string[] = request.placements.map((p: { placement: string }) => p.placement);
    if (names.some((n) => n.startsWith('hang'))) return void hanging.push(res);
    if (names.some((n) => n.startsWith('fail'))) return json(500, { error: { code: 'internal', message: 'TypeError: boom at line 42' } });
    if (names.some((n) => n.startsWith('slow'))) await new Promise((r) => setTimeout(r, state.slowMs));
    const answer = {
      results: request.placements.map((p: { placement: string; limit?: number }, i: number) => ({
        requestId: `req-${state.requests.length}-${i}`, placement: p.placement, strategy: 'blend:co-view+similar', variant: 'A',
        items: p.placement.startsWith('empty') ? [] : frames(p.placement, p.limit ?? 10).map((item, i) => (p.placement.startsWith('long') && i % 2 ? { ...item, title: `Kontaktlinsenaufbewahrungsbehälterset ${i}` } : item)),
      })),
    };
    RecommendationBatchResponse.parse(answer);
    json(200, answer);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  state.url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  state.close = () => new Promise((resolve) => {
    hanging.forEach((r) => r.destroy());
    server.closeAllConnections();
    server.close(() => resolve());
  });
  return state;
}

/** A neutral product image. */
export const IMAGE_SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="300" height="300"><rect width="300" height="300" fill="#d9dde3"/></svg>';
