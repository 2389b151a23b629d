import * as z from 'zod/mini';
import { OpaqueId, Scalar, Timestamp, WebLink } from './common.js';

/** Who a promotion is for. All given conditions must hold; an empty segment matches everyone. */
export const Segment = z.object({
  /** Traits that must equal these values, e.g. `{ student: true }`. */
  traits: z.optional(z.record(z.string(), Scalar)),
  /** Categories the shopper must have an affinity to (any of them), e.g. `["Contact lenses"]`. */
  categories: z.optional(z.array(z.string())),
  /** Minimum affinity weight (0..1) for `categories`; default 0.05. */
  minAffinity: z.optional(z.number().check(z.gte(0), z.lte(1))),
});
export type Segment = z.infer<typeof Segment>;

/** A CMS promotion normalised from any provider (local file, Contentful, Storyblok). */
export const Promotion = z.object({
  id: OpaqueId,
  slot: z.string().check(z.minLength(1), z.maxLength(64)),
  title: z.string().check(z.minLength(1), z.maxLength(200)),
  body: z.optional(z.string().check(z.maxLength(2000))),
  image: z.optional(z.object({
    url: WebLink,
    alt: z.string(),
    width: z.optional(z.int().check(z.gte(1))),
    height: z.optional(z.int().check(z.gte(1))),
  })),
  cta: z.optional(z.object({ label: z.string().check(z.minLength(1)), url: WebLink })),
  startsAt: z.optional(Timestamp),
  endsAt: z.optional(Timestamp),
  /** Higher shows first. */
  priority: z.int(),
  segment: z.optional(Segment),
  source: z.enum(['local', 'contentful', 'storyblok']),
});
export type Promotion = z.infer<typeof Promotion>;

/**
 * The answer to `GET /v1/content?slot=…[&locale=…]`. `locale`: the CMS locale the promotions are in (the one the
 * request's `locale` maps to, else the default); absent when the configuration names none (the CMS's default).
 */
export const ContentResponse = z.object({ slot: z.string(), locale: z.optional(z.string()), promotions: z.array(Promotion) });
export type ContentResponse = z.infer<typeof ContentResponse>;
