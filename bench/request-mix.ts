/**
 * The recommendation bench's request draws over the demo data, shared by `recommendations.bench.ts` (as URLs) and
 * `answer-cache-bytes.ts` (as service calls), so both measure the same mix: 3,000 draws of a random number `r`
 * (which page), one of the 800 most viewed products, and one of the first 2,000 buying shoppers.
 */
import type { FocalEvent } from '@focal/sdk-core/contracts';
import { seededRandom } from '../packages/server-adapter/src/training/random.js';

export interface Draw {
  r: number;
  item: string;
  who: string;
}

export function requestDraws(events: readonly FocalEvent[], count = 3000): Draw[] {
  const viewed = new Map<string, number>();
  const shoppers: string[] = [];
  for (const e of events) {
    if (e.type === 'product_view') viewed.set(e.properties.productId, (viewed.get(e.properties.productId) ?? 0) + 1);
    if (e.type === 'purchase' && shoppers.length < 2000) shoppers.push(e.anonymousId);
  }
  const hot = [...viewed].sort((a, b) => b[1] - a[1]).slice(0, 800).map(([id]) => id);
  const random = seededRandom(5);
  const draws: Draw[] = [];
  for (let i = 0; i < count; i++) {
    const r = random();
    const item = hot[Math.floor(random() * hot.length)]!;
    const who = shoppers[Math.floor(random() * shoppers.length)] ?? `bench-${i}`;
    draws.push({ r, item, who });
  }
  return draws;
}
