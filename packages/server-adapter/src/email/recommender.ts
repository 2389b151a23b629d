import { randomUUID } from 'node:crypto';
import type { Candidate, Product, RecommendationResponse } from '@focal/sdk-core/contracts';
import type { Site } from '../store/sites-repo.js';
import type { Store } from '../store/store.js';
import { restockDue } from '../strategies/replenishment.js';
import { bestSellerIds, lastPurchases, shopperIdKind } from './history.js';
import { absoluteUrl, isAllowedDestination, shopBase } from './site-urls.js';

/**
 * Personalised candidates for one shopper and placement: the recommendation service (`src/recommend`).
 * Returns `undefined` when it has nothing for this shopper.
 */
export type PersonalSource = (request: { site: Site; shopper: string; placement: string; limit: number }) => Promise<RecommendationResponse | undefined>;

/** How far back best sellers are counted. */
export const BEST_SELLER_DAYS = 90;

/** What the email gets: the response to render, and why some products were left out. */
export interface EmailCandidates {
  response: RecommendationResponse;
  /** `personal`, `best-sellers` (cold or unknown shopper) or `personal+best-sellers` (topped up). */
  source: 'personal' | 'best-sellers' | 'personal+best-sellers';
  excluded: { productId: string; reason: 'out_of_stock' | 'purchased' | 'other_currency' | 'no_absolute_url' | 'foreign_destination' }[];
  /**
   * What the shopper's id is: `anonymous` when the site's events know it only as an anonymous id (the email
   * service addressed a visitor who never signed in), else `user` (also for a shopper never seen).
   */
  idKind: 'user' | 'anonymous';
}

/**
 * Picks the products of a shopper's email. Personal candidates come from `personal` when the shopper has history;
 * unknown or cold shoppers (and short lists) are filled with the site's best sellers, then the rest of the in-stock
 * catalog. Whatever the source says, each product is re-checked against the store: out of stock now, or already
 * bought by this shopper (stored `purchase` events; consumables due for a restock at `now` excepted, as the
 * service's `replenishment` proposes them), means left out. With `currency` (the email's), products priced
 * in another currency are left out and the fallbacks look for products priced in it (the renderer would skip the
 * others, leaving the email short or empty); without one, the first product chosen (shown) sets it, so an email never mixes
 * currencies. Relative catalog URLs are made absolute against the site's shop URL;
 * a product whose link would leave the site's origins is left out.
 */
export async function emailCandidates(store: Store, site: Site, request: {
  shopper: string; placement: string; limit: number; now: Date; personal?: PersonalSource;
  /** The currency the email shows prices in (`renderEmail`'s `currency`); without it the first chosen product's. */
  currency?: string;
  /** Called when the personal source fails; the email then shows best sellers instead of failing. */
  onPersonalError?: (error: Error) => void;
}): Promise<EmailCandidates> {
  const { shopper, placement, limit } = request;
  // without one asked for, the email's currency is its first product's: one email never mixes € and $
  let currency = request.currency;
  const [purchases, known] = await Promise.all([
    lastPurchases(store.sql, site.siteKey, shopper),
    shopperIdKind(store.sql, site.siteKey, shopper),
  ]);
  const bought = new Set(purchases.keys());
  const warm = known !== undefined;
  let personal: RecommendationResponse | undefined;
  if (warm && request.personal) {
    try {
      personal = await request.personal({ site, shopper, placement, limit: Math.min(20, limit * 2) });
    } catch (error) {
      request.onPersonalError?.(error as Error);
    }
  }
  const excluded: EmailCandidates['excluded'] = [];
  const chosen: Candidate[] = [];
  const seen = new Set<string>();
  const base = shopBase(site);

  const consider = async (candidates: Candidate[]) => {
    const fresh = await store.catalog.get(site.siteKey, candidates.map((c) => c.id));
    const current = new Map(fresh.map((p) => [p.id, p]));
    for (const candidate of candidates) {
      if (chosen.length >= limit) return;
      if (seen.has(candidate.id)) continue;
      seen.add(candidate.id);
      const product = current.get(candidate.id);
      if (!product || !product.inStock) { excluded.push({ productId: candidate.id, reason: 'out_of_stock' }); continue; }
      // bought before: left out, unless a consumable due for a restock (as the service's `replenishment` proposes it)
      if (bought.has(candidate.id) && restockDue(product, purchases.get(candidate.id)!, request.now.getTime()) === undefined) {
        excluded.push({ productId: candidate.id, reason: 'purchased' });
        continue;
      }
      if (currency !== undefined && product.currency !== currency) { excluded.push({ productId: candidate.id, reason: 'other_currency' }); continue; }
      const url = absoluteUrl(product.url, base);
      if (!url) { excluded.push({ productId: candidate.id, reason: 'no_absolute_url' }); continue; }
      if (!isAllowedDestination(url, site)) { excluded.push({ productId: candidate.id, reason: 'foreign_destination' }); continue; }
      // set by a product that is shown, never by one left out (a Swiss frame on a foreign origin made a € email empty)
      currency ??= product.currency;
      const image = product.image ? absoluteUrl(product.image, base) : undefined;
      chosen.push({ ...candidate, ...product, url, image, reason: candidate.reason });
    }
  };

  if (personal) await consider(personal.items);
  const personalCount = chosen.length;
  if (chosen.length < limit) {
    const sellers = await bestSellerIds(store.sql, site.siteKey, { days: BEST_SELLER_DAYS, limit: limit + bought.size + seen.size + 20, now: request.now, ...(currency ? { currency } : {}) });
    const products = await store.catalog.get(site.siteKey, sellers.map((s) => s.productId));
    const units = new Map(sellers.map((s) => [s.productId, s.units]));
    await consider(products.map((p, rank) => fallback(p, rank, units.get(p.id) ?? 0, 'A best seller')));
  }
  if (chosen.length < limit) {
    const rest = await store.catalog.list(site.siteKey, { inStockOnly: true, limit: limit + bought.size + seen.size + 20, ...(currency ? { currency } : {}) });
    await consider(rest.map((p, rank) => fallback(p, rank, 0, undefined)));
  }
  const source = personalCount === 0 ? 'best-sellers' : personalCount < chosen.length ? 'personal+best-sellers' : 'personal';
  return {
    source,
    excluded,
    idKind: known ?? 'user',
    response: {
      requestId: personal?.requestId ?? `email-${randomUUID()}`,
      placement,
      strategy: personal && personalCount ? personal.strategy : 'fallback:best-sellers',
      ...(personal?.variant ? { variant: personal.variant } : {}),
      items: chosen.map((item, rank) => ({ ...item, features: { ...item.features, rank } })),
    },
  };
}

function fallback(product: Product, rank: number, units: number, reason: string | undefined): Candidate {
  return {
    ...product,
    ...(reason ? { reason } : {}),
    strategy: 'best-sellers',
    features: { score: units, rank, popularity: units, cooccurrence: 0, ageDays: 0, strategyScores: { 'best-sellers': units } },
  };
}
