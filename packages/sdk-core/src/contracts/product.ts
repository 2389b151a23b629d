import * as z from 'zod/mini';
import { Currency, Money, ProductId } from './common.js';

/** An attribute value: text, number, flag or a list of text (e.g. `colors: ["black", "tortoise"]`). */
export const AttributeValue = z.union([
  z.string().check(z.maxLength(1000)), z.number(), z.boolean(), z.array(z.string().check(z.maxLength(200))).check(z.maxLength(50)),
]);

/** A catalog product as the retailer's feed describes it. */
export const Product = z.object({
  id: ProductId,
  title: z.string().check(z.minLength(1), z.maxLength(512)),
  url: z.string().check(z.minLength(1), z.maxLength(2048)),
  image: z.optional(z.string().check(z.maxLength(2048))),
  price: Money,
  currency: Currency,
  /** From the root down, e.g. `["Frames", "Optical frames", "Rectangle"]`. */
  categoryPath: z.array(z.string().check(z.minLength(1), z.maxLength(128))).check(z.minLength(1), z.maxLength(10)),
  brand: z.optional(z.string().check(z.maxLength(128))),
  attributes: z.optional(z.record(z.string().check(z.minLength(1), z.maxLength(64)), AttributeValue)),
  /** Whether the product can be bought now. */
  inStock: z.boolean(),
  /** Units in stock, when the feed knows. */
  stockQuantity: z.optional(z.int().check(z.gte(0))),
});
export type Product = z.infer<typeof Product>;
