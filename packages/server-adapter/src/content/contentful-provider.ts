import type { Promotion } from '@focal/sdk-core/contracts';
import { ContentProviderError, getJson, type ContentProvider, type ProviderResult } from './provider.js';
import { compact, finalise, richTextToPlain, toIsoTimestamp, toNumber, toTraits } from './normalise.js';

/** Contentful Delivery API settings. */
export interface ContentfulOptions {
  spaceId: string;
  /** @default 'master' */
  environment?: string;
  /** A Content Delivery API token (or a Preview API token with `host: 'https://preview.contentful.com'`). */
  accessToken: string;
  /** Locale of the fields when the shop's page asks for none of `locales`, e.g. `en-US`; the space default when absent. */
  locale?: string;
  /**
   * The other locales promotions are served in, e.g. `['fr-FR', 'de-DE']`: a page in `fr-CA` gets `fr-FR` (see
   * `matchLocale`). Contentful fills a field missing in one with its fallback locale's value.
   */
  locales?: string[];
  /** @default 'promotion' */
  contentTypeId?: string;
  /**
   * The shop's time zone (IANA, e.g. `Europe/Paris`): dates of "date only" and "date and time without timezone"
   * fields are its wall-clock times, so a sale starting on `2026-11-27` starts at midnight in Paris. @default 'UTC'
   */
  timeZone?: string;
  /** @default 'https://cdn.contentful.com' */
  host?: string;
  fetch?: typeof fetch;
}

interface Link { sys: { type: 'Link'; linkType: string; id: string } }
interface Asset { sys: { id: string }; fields: { title?: string; description?: string; file?: { url?: string; details?: { image?: { width?: number; height?: number } } } } }
interface Entry { sys: { id: string; contentType?: { sys: { id: string } } }; fields: Record<string, unknown> }
interface EntriesPage { items?: Entry[]; includes?: { Asset?: Asset[] }; total?: number; skip?: number; limit?: number }

const PAGE = 200;
const MAX_PAGES = 25;

/**
 * Promotions from Contentful's Content Delivery API: `GET /spaces/{space}/environments/{env}/entries` of the
 * promotion content type, with linked image assets resolved from `includes`, paged with `skip`/`limit` in creation
 * order (stable while editors publish).
 * Content model (field ids): title, slot, body (text or rich text), image (asset), imageAlt, ctaLabel, ctaUrl,
 * startsAt, endsAt, priority, segmentTraits (JSON object), segmentCategories (list), minAffinity.
 */
export function createContentfulProvider(options: ContentfulOptions): ContentProvider {
  const host = (options.host ?? 'https://cdn.contentful.com').replace(/\/+$/, '');
  const base = `${host}/spaces/${encodeURIComponent(options.spaceId)}/environments/${encodeURIComponent(options.environment ?? 'master')}/entries`;
  return {
    name: 'contentful',
    defaultLocale: options.locale,
    locales: options.locales ?? [],
    async fetchPromotions(signal: AbortSignal, locale = options.locale): Promise<ProviderResult> {
      const entries: Entry[] = [];
      const seen = new Set<string | undefined>();
      const assets = new Map<string, Asset>();
      for (let page = 0; page < MAX_PAGES; page++) {
        const query = new URLSearchParams({
          // by creation, not Contentful's default (most recently updated first): an entry edited between two pages
          // would move to the first one, already read, and be missed while its neighbour came twice
          content_type: options.contentTypeId ?? 'promotion', include: '2', limit: String(PAGE), skip: String(page * PAGE), order: 'sys.createdAt,sys.id',
          ...(locale ? { locale } : {}),
        });
        const { body } = await getJson('contentful', `${base}?${query}`, { headers: { authorization: `Bearer ${options.accessToken}` }, signal }, options.fetch);
        const data = body as EntriesPage;
        if (!data || !Array.isArray(data.items)) throw new ContentProviderError('contentful', 'answered without an items array; is this the Delivery API?');
        // an entry that comes on two pages all the same (something moved between them) is one promotion, not two tiles
        for (const item of data.items) {
          if (seen.has(item?.sys?.id)) continue;
          seen.add(item?.sys?.id);
          entries.push(item);
        }
        for (const asset of data.includes?.Asset ?? []) assets.set(asset.sys.id, asset);
        if (entries.length >= (data.total ?? 0) || data.items.length < PAGE) break;
      }
      const result: ProviderResult = { promotions: [], skipped: [] };
      for (const entry of entries) {
        try {
          const outcome = finalise(entry.sys.id, contentfulPromotion(entry, assets, options.timeZone));
          if ('promotion' in outcome) result.promotions.push(outcome.promotion);
          else result.skipped.push(outcome.skipped);
        } catch (error) {
          result.skipped.push({ id: entry.sys.id, reason: (error as Error).message });
        }
      }
      return result;
    },
  };
}

/** One Contentful entry as a promotion candidate (validated by the caller). */
export function contentfulPromotion(entry: Entry, assets: Map<string, Asset>, timeZone = 'UTC'): Partial<Promotion> {
  const f = entry.fields;
  const link = f.image as Link | undefined;
  const asset = link?.sys?.id ? assets.get(link.sys.id) : undefined;
  const url = asset?.fields.file?.url;
  const size = asset?.fields.file?.details?.image;
  const traits = toTraits(f.segmentTraits, 'segmentTraits');
  const categories = Array.isArray(f.segmentCategories) ? f.segmentCategories as string[] : undefined;
  const minAffinity = toNumber(f.minAffinity, 'minAffinity');
  const segment = traits || categories || minAffinity !== undefined ? compact({ traits, categories, minAffinity }) : undefined;
  return compact({
    id: entry.sys.id,
    slot: f.slot as string,
    title: f.title as string,
    body: richTextToPlain(f.body),
    image: url ? compact({
      url: url.startsWith('//') ? `https:${url}` : url,
      alt: (f.imageAlt as string | undefined) ?? asset?.fields.description ?? asset?.fields.title ?? '',
      width: size?.width, height: size?.height,
    }) : undefined,
    cta: f.ctaLabel && f.ctaUrl ? { label: f.ctaLabel as string, url: f.ctaUrl as string } : undefined,
    startsAt: toIsoTimestamp(f.startsAt, 'startsAt', false, timeZone),
    endsAt: toIsoTimestamp(f.endsAt, 'endsAt', true, timeZone),
    priority: Math.round(toNumber(f.priority, 'priority') ?? 0),
    segment,
    source: 'contentful' as const,
  });
}
