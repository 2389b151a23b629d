import type { Promotion } from '@focal/sdk-core/contracts';
import { ContentProviderError, getJson, type ContentProvider, type ProviderResult } from './provider.js';
import { compact, finalise, richTextToPlain, toIsoTimestamp, toNumber, toTraits } from './normalise.js';

/** Storyblok Content Delivery API v2 settings. */
export interface StoryblokOptions {
  /** A public (published) or preview (draft) access token. */
  token: string;
  /** @default 'published' */
  version?: 'published' | 'draft';
  /** Region of the space. @default 'eu' */
  region?: 'eu' | 'us' | 'ca' | 'ap' | 'cn';
  /** Overrides the region's API host (tests, proxies). */
  baseUrl?: string;
  /** Folder of the promotion stories. @default 'promotions/' */
  startsWith?: string;
  /** Component (content type) of a promotion story. @default 'promotion' */
  component?: string;
  /** Language code of the translated fields when the shop's page asks for none of `languages`; the default language when absent. */
  language?: string;
  /**
   * The other language codes promotions are served in, e.g. `['fr', 'de']`: a page in `fr-CA` gets `fr` (see
   * `matchLocale`). A field left untranslated has the default language's value.
   */
  languages?: string[];
  fetch?: typeof fetch;
}

const HOSTS = {
  eu: 'https://api.storyblok.com', us: 'https://api-us.storyblok.com', ca: 'https://api-ca.storyblok.com',
  ap: 'https://api-ap.storyblok.com', cn: 'https://app.storyblokchina.cn',
} as const;

interface Story { uuid?: string; id?: number; full_slug?: string; content?: Record<string, unknown> }
interface StoriesPage { stories?: Story[]; cv?: number; links?: unknown[] }
/** A story link resolved by `resolve_links=url` (the response's `links`, keyed by the multilink's `id`). */
interface LinkUrl { uuid?: string; url?: string; full_slug?: string }

const PER_PAGE = 100;
const MAX_PAGES = 25;

/**
 * Promotions from Storyblok's Content Delivery API v2 (`GET /v2/cdn/stories`), paged by the `total` header.
 * Every refresh first asks `/v2/cdn/spaces/me` for the space's current cache version `cv` and sends it with the story
 * requests: the CDN keeps answering an old `cv` with the content as it was then, so a `cv` kept across refreshes would
 * hide every later publish from a process that no webhook reaches.
 * Story links are asked resolved (`resolve_links=url`): a link's `cached_url` is the target's slug when the
 * promotion was published, so a page renamed since would be linked by its old slug (a 404) until someone published the
 * promotion again; the resolved `url` is the target's slug now.
 * Component fields: title, slot, body (text or richtext), image (asset), cta_label, cta_url (link), starts_at,
 * ends_at, priority, segment_traits (JSON text), segment_categories (multi-option), min_affinity.
 */
export function createStoryblokProvider(options: StoryblokOptions): ContentProvider {
  const host = (options.baseUrl ?? HOSTS[options.region ?? 'eu']).replace(/\/+$/, '');
  const get = (path: string, params: Record<string, string>, signal: AbortSignal) =>
    getJson('storyblok', `${host}${path}?${new URLSearchParams({ token: options.token, ...params })}`, { signal }, options.fetch);
  return {
    name: 'storyblok',
    defaultLocale: options.language,
    locales: options.languages ?? [],
    async fetchPromotions(signal: AbortSignal, language = options.language): Promise<ProviderResult> {
      const { body: space } = await get('/v2/cdn/spaces/me', {}, signal);
      let cv = (space as { space?: { version?: unknown } })?.space?.version;
      if (typeof cv !== 'number') throw new ContentProviderError('storyblok', 'spaces/me answered without space.version; check the token');
      const stories: Story[] = [];
      const links = new Map<string, LinkUrl>();
      for (let page = 1; page <= MAX_PAGES; page++) {
        const { body, headers } = await get('/v2/cdn/stories', {
          version: options.version ?? 'published',
          starts_with: options.startsWith ?? 'promotions/',
          content_type: options.component ?? 'promotion',
          per_page: String(PER_PAGE),
          page: String(page),
          cv: String(cv),
          resolve_links: 'url',
          ...(language ? { language } : {}),
        }, signal);
        const data = body as StoriesPage;
        if (!data || !Array.isArray(data.stories)) throw new ContentProviderError('storyblok', 'answered without a stories array; is this the Content Delivery API v2?');
        if (typeof data.cv === 'number') cv = data.cv;
        stories.push(...data.stories);
        for (const link of Array.isArray(data.links) ? data.links as LinkUrl[] : []) if (typeof link?.uuid === 'string') links.set(link.uuid, link);
        const total = Number(headers.get('total') ?? stories.length);
        if (stories.length >= total || data.stories.length < PER_PAGE) break;
      }
      const result: ProviderResult = { promotions: [], skipped: [] };
      for (const story of stories) {
        const id = story.uuid ?? String(story.id ?? story.full_slug ?? '?');
        try {
          const outcome = finalise(id, storyblokPromotion(id, story, links));
          if ('promotion' in outcome) result.promotions.push(outcome.promotion);
          else result.skipped.push(outcome.skipped);
        } catch (error) {
          result.skipped.push({ id, reason: (error as Error).message });
        }
      }
      return result;
    },
  };
}

/** Width and height from a Storyblok asset URL (`/f/<space>/<w>x<h>/<hash>/<name>`). */
function assetSize(url: string): { width?: number; height?: number } {
  const match = /\/f\/\d+\/(\d+)x(\d+)\//.exec(url);
  return match ? { width: Number(match[1]), height: Number(match[2]) } : {};
}

/**
 * The URL of a Storyblok multilink (`{ linktype: 'url' | 'story', id, url, cached_url }`) or a plain string. A story
 * link is the target's current path when the response resolved it (`links`, by the link's `id`), else its `cached_url`,
 * with its anchor (`#section`) when the editor set one.
 */
function linkUrl(value: unknown, links: ReadonlyMap<string, LinkUrl>): string | undefined {
  if (typeof value === 'string') return value || undefined;
  const link = value as { id?: unknown; linktype?: string; url?: string; cached_url?: string; anchor?: unknown } | undefined;
  if (!link) return undefined;
  if (link.linktype === 'story') {
    const target = typeof link.id === 'string' ? links.get(link.id) : undefined;
    const path = target?.url || target?.full_slug || link.cached_url;
    // the section the editor picked on that page (the link's "anchor"), e.g. /c/frames#students
    const anchor = typeof link.anchor === 'string' && link.anchor ? `#${encodeURIComponent(link.anchor.replace(/^#/, ''))}` : '';
    return path ? `/${path.replace(/^\/+/, '')}${anchor}` : undefined;
  }
  return link.url || link.cached_url || undefined;
}

/** One Storyblok story as a promotion candidate (validated by the caller). */
export function storyblokPromotion(id: string, story: Story, links: ReadonlyMap<string, LinkUrl> = new Map()): Partial<Promotion> {
  const c = story.content ?? {};
  // an asset object, or the URL string of an "Image (old)" field; either may be protocol-relative (`//a.storyblok.com/…`)
  const image = (typeof c.image === 'string' ? { filename: c.image } : c.image) as { filename?: string; alt?: string; title?: string } | undefined;
  const imageUrl = image?.filename?.startsWith('//') ? `https:${image.filename}` : image?.filename;
  const traits = toTraits(c.segment_traits, 'segment_traits');
  const categories = Array.isArray(c.segment_categories) && c.segment_categories.length ? c.segment_categories as string[] : undefined;
  const minAffinity = toNumber(c.min_affinity, 'min_affinity');
  const segment = traits || categories || minAffinity !== undefined ? compact({ traits, categories, minAffinity }) : undefined;
  const ctaUrl = linkUrl(c.cta_url, links);
  return compact({
    id,
    slot: c.slot as string,
    title: c.title as string,
    body: richTextToPlain(c.body),
    image: imageUrl ? compact({ url: imageUrl, alt: image?.alt ?? image?.title ?? '', ...assetSize(imageUrl) }) : undefined,
    cta: c.cta_label && ctaUrl ? { label: c.cta_label as string, url: ctaUrl } : undefined,
    startsAt: toIsoTimestamp(c.starts_at, 'starts_at'),
    endsAt: toIsoTimestamp(c.ends_at, 'ends_at', true),
    priority: Math.round(toNumber(c.priority, 'priority') ?? 0),
    segment,
    source: 'storyblok' as const,
  });
}
