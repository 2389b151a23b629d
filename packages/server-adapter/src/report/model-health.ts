import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ModelManifest } from '@focal/sdk-core/contracts';
import type { Store } from '../store/store.js';
import type { AttributedRow, TrafficRow } from './rollup.js';
import { proportionDifference, type Interval } from './stats.js';

/** One reranker version: the offline metrics of its manifest beside what it did online in the range. */
export interface ModelHealth {
  /** The version recommendations were tagged with (`modelVersion`), or `(none)` for untagged ones. */
  version: string;
  /** Where the manifest was found: the models table, the served `models/reranker.json`, or nowhere. */
  manifest: 'store' | 'file' | 'missing';
  active: boolean;
  createdAt?: string;
  /** Offline metrics of the manifest (e.g. `mrr@20`, `ndcg@10` and their `baseline_` twins). */
  offline: Record<string, number>;
  impressions: number;
  clicks: number;
  /** clicks / impressions; null without impressions (a version with a manifest and no traffic in the range). */
  ctr: number | null;
  /** Orders with a line attributed to a click on this version's recommendations. */
  orders: number;
  /** orders / clicks: share of clicks on this version that led to an attributed order. */
  conversion: number;
  revenue: number;
  /**
   * This version against the one trained before it (manifest `createdAt`), when both were shown in the range: the
   * difference of CTR (this - previous, 95 % interval) and whether this one does worse (the whole interval below 0).
   */
  comparedWith?: { version: string; ctrDiff: Interval; worse: boolean; message: string };
}

const pct = (x: number) => `${(x * 100).toFixed(2)} %`;

/** Compares each version with a manifest to the one created before it (both with impressions in the range). */
function compareVersions(rows: ModelHealth[]): void {
  const dated = rows.filter((r) => r.createdAt && r.impressions > 0).sort((a, b) => a.createdAt!.localeCompare(b.createdAt!));
  for (let i = 1; i < dated.length; i++) {
    const [previous, current] = [dated[i - 1]!, dated[i]!];
    const ctrDiff = proportionDifference({ successes: previous.clicks, n: previous.impressions }, { successes: current.clicks, n: current.impressions });
    const worse = ctrDiff.high < 0;
    const better = ctrDiff.low > 0;
    current.comparedWith = {
      version: previous.version, ctrDiff, worse,
      message: `${current.version} vs ${previous.version}: CTR ${pct(current.ctr!)} vs ${pct(previous.ctr!)} (${ctrDiff.value >= 0 ? '+' : '−'}${pct(Math.abs(ctrDiff.value))}, 95 % CI ${pct(ctrDiff.low)} to ${pct(ctrDiff.high)})`
        + (worse ? ': the newer model does worse online' : better ? ': the newer model does better online' : ': no clear difference yet'),
    };
  }
}

/** The manifests the adapter knows: every stored model version, plus `reranker.json` of the models folder. */
export async function knownManifests(store: Store, modelsDir?: string): Promise<Map<string, { manifest: ModelManifest; source: 'store' | 'file'; active: boolean }>> {
  const known = new Map<string, { manifest: ModelManifest; source: 'store' | 'file'; active: boolean }>();
  if (modelsDir && existsSync(join(modelsDir, 'reranker.json'))) {
    try {
      const parsed = ModelManifest.safeParse(JSON.parse(readFileSync(join(modelsDir, 'reranker.json'), 'utf8')));
      if (parsed.success) known.set(parsed.data.version, { manifest: parsed.data, source: 'file', active: true });
    } catch { /* an unreadable file is reported as a missing manifest */ }
  }
  for (const model of await store.models.list()) known.set(model.version, { manifest: model.manifest, source: 'store', active: model.active });
  return known;
}

/**
 * Per model version: offline metrics beside online CTR and attributed conversion, of web recommendations (email
 * clicks, and the orders attributed to them, are left out: no model ranks an email). Versions with a manifest but no
 * traffic in the range are listed too (with zeros), so a newly promoted version shows up at once; each version is
 * compared with the one trained before it, so a retrained model that does worse online is called out.
 */
export function modelHealth(traffic: TrafficRow[], attributed: AttributedRow[], manifests: Awaited<ReturnType<typeof knownManifests>>): ModelHealth[] {
  const rows = new Map<string, { impressions: number; clicks: number; orders: Set<string>; revenue: number }>();
  const row = (version: string) => {
    const key = version || '(none)';
    if (!rows.has(key)) rows.set(key, { impressions: 0, clicks: 0, orders: new Set(), revenue: 0 });
    return rows.get(key)!;
  };
  // web recommendations only: an email's products are the server's order, never reranked, and have no impressions
  for (const t of traffic) {
    if (t.channel === 'email') continue;
    if (t.kind === 'rec_impression') row(t.modelVersion).impressions += t.n;
    else row(t.modelVersion).clicks += t.n;
  }
  for (const a of attributed) {
    if (a.kind !== 'purchase' || a.isEmail) continue;
    const r = row(a.modelVersion);
    r.orders.add(a.eventId);
    r.revenue += a.amount;
  }
  for (const version of manifests.keys()) row(version);
  const health = [...rows.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([version, r]): ModelHealth => {
    const known = manifests.get(version);
    return {
      version, manifest: known?.source ?? 'missing', active: known?.active ?? false,
      ...(known ? { createdAt: known.manifest.createdAt } : {}),
      offline: known?.manifest.metrics ?? {},
      impressions: r.impressions, clicks: r.clicks, ctr: r.impressions ? r.clicks / r.impressions : null,
      orders: r.orders.size, conversion: r.clicks ? r.orders.size / r.clicks : 0, revenue: Math.round(r.revenue * 100) / 100,
    };
  });
  compareVersions(health);
  return health;
}
