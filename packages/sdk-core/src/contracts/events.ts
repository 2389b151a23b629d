import * as z from 'zod/mini';
import { Currency, EventId, Money, OpaqueId, PlacementId, ProductId, Scalar, Timestamp } from './common.js';
import { ServerFeatures } from './recommendation.js';

/** What kind of page an event happened on. */
export const PageType = z.enum([
  'home', 'category', 'product', 'search', 'cart', 'checkout', 'confirmation', 'content', 'account', 'email', 'other',
]);
export type PageType = z.infer<typeof PageType>;

/** Where the shopper was. */
export const PageContext = z.object({
  url: z.string().check(z.minLength(1), z.maxLength(2048)),
  referrer: z.optional(z.string().check(z.maxLength(2048))),
  type: z.optional(PageType),
});
export type PageContext = z.infer<typeof PageContext>;

/** The shopper's consent at the time of the event. */
export const ConsentState = z.object({
  analytics: z.boolean(),
  personalization: z.boolean(),
});
export type ConsentState = z.infer<typeof ConsentState>;

/*
 * Every event type's properties are open: fields beyond the ones named here are kept as sent (a coupon on an
 * add_to_cart, a prescription flag on a line item), count in the 32 kB limit and are checked for personal data like
 * the rest. The named fields are validated.
 */

/** Fields that tie a click, an add-to-cart or a view back to the recommendation that led to it. */
const RecommendationRef = {
  requestId: z.optional(OpaqueId),
  placement: z.optional(PlacementId),
  position: z.optional(z.int().check(z.gte(0), z.lte(1000))),
};

export const PageViewProps = z.looseObject({ title: z.optional(z.string().check(z.maxLength(512))) });
export const ProductViewProps = z.looseObject({ productId: ProductId, ...RecommendationRef });
export const SearchProps = z.looseObject({
  query: z.string().check(z.minLength(1), z.maxLength(256)),
  resultCount: z.optional(z.int().check(z.gte(0))),
});
export const CartProps = z.looseObject({
  productId: ProductId,
  quantity: z.int().check(z.gte(1), z.lte(10000)),
  price: z.optional(Money),
  currency: z.optional(Currency),
  ...RecommendationRef,
});
export const LineItem = z.looseObject({
  productId: ProductId,
  quantity: z.int().check(z.gte(1), z.lte(10000)),
  price: Money,
});
export type LineItem = z.infer<typeof LineItem>;
export const PurchaseProps = z.looseObject({
  orderId: OpaqueId,
  lineItems: z.array(LineItem).check(z.minLength(1), z.maxLength(200)),
  revenue: Money,
  currency: Currency,
});
/** A recommendation shown (impression) or clicked: which request, which placement, which product, at which position. */
export const RecProps = z.looseObject({
  requestId: OpaqueId,
  placement: PlacementId,
  productId: ProductId,
  position: z.int().check(z.gte(0), z.lte(1000)),
  variant: z.optional(z.string().check(z.maxLength(64))),
  strategy: z.optional(z.string().check(z.maxLength(64))),
  modelVersion: z.optional(z.string().check(z.maxLength(64))),
  /** `email` for clicks that came through an email link. */
  channel: z.optional(z.enum(['web', 'email'])),
  /**
   * The candidate's server features as the device received them (impressions): lets `focal-adapter train` learn
   * from exactly what was served instead of reconstructing them.
   */
  features: z.optional(ServerFeatures),
});
export const PromoProps = z.looseObject({
  promotionId: OpaqueId,
  slot: z.string().check(z.minLength(1), z.maxLength(64)),
  position: z.optional(z.int().check(z.gte(0), z.lte(1000))),
});
export const IdentifyProps = z.looseObject({
  previousAnonymousId: z.optional(OpaqueId),
  traits: z.optional(z.record(z.string().check(z.maxLength(64)), Scalar)),
});
/** A retailer-chosen event: a name plus free-form JSON properties within the event size limit. */
export const CustomProps = z.looseObject({
  name: z.string().check(z.minLength(1), z.maxLength(64), z.regex(/^[A-Za-z0-9_.:-]+$/)),
  properties: z.optional(z.record(z.string().check(z.maxLength(128)), z.json())),
});

/** Properties schema of every event type. */
export const EventProperties = {
  page_view: PageViewProps,
  product_view: ProductViewProps,
  search: SearchProps,
  add_to_cart: CartProps,
  remove_from_cart: CartProps,
  purchase: PurchaseProps,
  rec_impression: RecProps,
  rec_click: RecProps,
  promo_impression: PromoProps,
  promo_click: PromoProps,
  identify: IdentifyProps,
  custom: CustomProps,
} as const;

export type EventType = keyof typeof EventProperties;
export const EVENT_TYPES = Object.keys(EventProperties) as EventType[];
export type EventPropsOf<T extends EventType> = z.infer<(typeof EventProperties)[T]>;

const envelope = {
  /** UUIDv7, generated once on the client and kept across retries: the idempotency key. */
  id: EventId,
  /** Client clock at `track()`. */
  createdAt: Timestamp,
  /** Client clock at the send attempt; set on every attempt. The server corrects skew from it. */
  sentAt: z.optional(Timestamp),
  anonymousId: OpaqueId,
  userId: z.optional(OpaqueId),
  sessionId: OpaqueId,
  page: z.optional(PageContext),
  consent: ConsentState,
};

function variant<T extends EventType>(type: T) {
  return z.object({ ...envelope, type: z.literal(type), properties: EventProperties[type] });
}

/** One tracked event: the envelope plus the properties of its type. */
export const FocalEvent = z.discriminatedUnion('type', [
  variant('page_view'), variant('product_view'), variant('search'), variant('add_to_cart'),
  variant('remove_from_cart'), variant('purchase'), variant('rec_impression'), variant('rec_click'),
  variant('promo_impression'), variant('promo_click'), variant('identify'), variant('custom'),
]);
export type FocalEvent = z.infer<typeof FocalEvent>;
export type FocalEventOf<T extends EventType> = Extract<FocalEvent, { type: T }>;
