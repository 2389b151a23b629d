import { Product, describeError, type Candidate } from '@focal/sdk-core/contracts';
import type { EmailRecommendations, SkippedItem } from './types.js';
import { EmailOptionsError } from './errors.js';

/** The products to render plus the ids that tie their clicks back to the recommendation. */
export interface EmailItems {
  items: Candidate[];
  skipped: SkippedItem[];
  placement: string;
  requestId: string;
}

const HTTP = /^https?:\/\//i;

/**
 * Picks the products an email can show, in order, up to `limit`: each must match the product contract and have
 * an absolute http(s) URL; with `currency`, only products priced in it. A bad product is skipped (and reported),
 * never failing its neighbours. An image that is not absolute http(s) is dropped (the product shows as text).
 * @throws EmailOptionsError when the input is not a recommendation response or a list of items.
 */
export function pickItems(input: EmailRecommendations, limit: number, currency: string | undefined): EmailItems {
  if (!input || typeof input !== 'object' || !Array.isArray((input as { items?: unknown }).items)) {
    throw new EmailOptionsError('recommendations', 'must be a RecommendationResponse or { items: Candidate[] }');
  }
  const placement = typeof input.placement === 'string' && input.placement ? input.placement : 'email-for-you';
  const requestId = typeof input.requestId === 'string' && input.requestId ? input.requestId : 'none';
  const items: Candidate[] = [];
  const skipped: SkippedItem[] = [];
  for (const [index, raw] of input.items.entries()) {
    if (items.length >= limit) break;
    const id = raw && typeof raw === 'object' && typeof raw.id === 'string' ? raw.id : `#${index}`;
    const parsed = Product.safeParse(raw);
    if (!parsed.success) {
      skipped.push({ productId: id, reason: describeError(parsed.error).map((p) => p.message).join('; ') });
      continue;
    }
    if (!HTTP.test(raw.url) || !URL.canParse(raw.url)) {
      skipped.push({ productId: id, reason: `url must be an absolute http(s) URL; got ${JSON.stringify(raw.url)}` });
      continue;
    }
    if (currency && raw.currency !== currency) {
      skipped.push({ productId: id, reason: `priced in ${raw.currency}, the email shows ${currency} only` });
      continue;
    }
    const image = raw.image && HTTP.test(raw.image) && URL.canParse(raw.image) ? raw.image : undefined;
    items.push({ ...raw, image });
  }
  return { items, skipped, placement, requestId };
}
