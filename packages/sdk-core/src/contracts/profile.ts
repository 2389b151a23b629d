import * as z from 'zod/mini';
import { OpaqueId, ProductId, Scalar, Timestamp } from './common.js';

const Seen = z.object({ productId: ProductId, at: Timestamp });
const Bought = z.object({ productId: ProductId, at: Timestamp, orderId: OpaqueId, quantity: z.int().check(z.gte(1)) });

/** A shopper's profile: recent behaviour, decayed affinities and retailer-set traits. */
export const Profile = z.object({
  anonymousId: z.optional(OpaqueId),
  userId: z.optional(OpaqueId),
  recentViews: z.array(Seen),
  cart: z.array(z.object({ productId: ProductId, quantity: z.int().check(z.gte(1)), at: Timestamp })),
  purchases: z.array(Bought),
  /** Time-decayed affinity weights, each normalised to sum to 1 within its kind. */
  affinities: z.object({
    category: z.record(z.string(), z.number()),
    brand: z.record(z.string(), z.number()),
    /** Typical price the shopper looks at, from views and purchases. */
    price: z.optional(z.object({ low: z.number(), median: z.number(), high: z.number() })),
  }),
  /** Traits the retailer sets, e.g. `{ student: true }`. */
  traits: z.record(z.string(), Scalar),
  updatedAt: Timestamp,
});
export type Profile = z.infer<typeof Profile>;
