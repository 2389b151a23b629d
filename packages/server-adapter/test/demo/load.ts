import type { FocalEvent, Product } from '@focal/sdk-core/contracts';
import { generateDemoData, type DemoData } from '../../src/demo/index.js';

let cached: DemoData | undefined;

/** The default demo data set, generated once per test file. */
export function defaultDemo(): DemoData {
  cached ??= generateDemoData();
  return cached;
}

/** Events grouped by session, in order. */
export function bySession(events: readonly FocalEvent[]): Map<string, FocalEvent[]> {
  const sessions = new Map<string, FocalEvent[]>();
  for (const e of events) {
    const list = sessions.get(e.sessionId);
    if (list) list.push(e);
    else sessions.set(e.sessionId, [e]);
  }
  return sessions;
}

/** Products by id. */
export function productIndex(products: readonly Product[]): Map<string, Product> {
  return new Map(products.map((p) => [p.id, p]));
}

/** `Frames/Optical frames/Round`: the most specific category of a product. */
export function leaf(p: Product | undefined): string {
  return p ? p.categoryPath.join('/') : '';
}
