import * as z from 'zod/mini';
import { isWebLink } from './web-link.js';

/** No control characters (NUL and friends): never part of a real identifier, and PostgreSQL cannot store NUL. */
const PRINTABLE = /^[^\u0000-\u001f\u007f]*$/;

/** A product identifier (SKU) as the retailer's catalog spells it; no control characters. */
export const ProductId = z.string().check(z.minLength(1), z.maxLength(128), z.regex(PRINTABLE));
/** A placement identifier such as `pdp-similar`: lower-case letters, digits and dashes. */
export const PlacementId = z.string().check(z.minLength(1), z.maxLength(64), z.regex(/^[a-z0-9][a-z0-9-]*$/));
/** An ISO-4217 currency code such as `EUR`. */
export const Currency = z.string().check(z.regex(/^[A-Z]{3}$/, 'must be a three-letter ISO-4217 code in capitals, e.g. "EUR"'));
/** An ISO-8601 UTC timestamp such as `2026-11-24T10:00:00.000Z`. */
export const Timestamp = z.iso.datetime();
/** A UUIDv7: time-ordered, generated on the client, kept across retries. */
export const EventId = z.uuidv7();
/** A non-negative money amount in major units (e.g. 129.5 for €129.50). */
export const Money = z.number().check(z.gte(0), z.lte(1e9));
/** An opaque identifier chosen by the SDK or the retailer (anonymous id, session id, user id, request id); no control characters. */
export const OpaqueId = z.string().check(z.minLength(1), z.maxLength(128), z.regex(PRINTABLE));
/** A link shown on the shop's pages: absolute http(s), or a path on the shop; never `javascript:`, `data:`… */
export const WebLink = z.string().check(z.minLength(1), z.refine(isWebLink, 'must be an http(s) URL or a path on the shop'));
/** A free-form scalar value for traits and attributes. */
export const Scalar = z.union([z.string().check(z.maxLength(1000)), z.number(), z.boolean()]);

/**
 * The object of a request body: refuses fields it does not name instead of dropping them, so a misspelt field
 * (`productIds` for `items`) is answered with a 400 naming it and the accepted ones rather than silently ignored. The
 * adapter accepts exactly the fields of its own contract version: a field is added to a request contract together
 * with the adapter that reads it (upgrade the adapter before clients that send it). Answers stay open (clients ignore
 * fields they do not know), and event properties stay free-form.
 */
export function requestObject<T extends z.core.$ZodLooseShape>(shape: T) {
  const accepted = `accepted fields: ${Object.keys(shape).join(', ')}`;
  return z.strictObject(shape, { error: (issue) => (issue.code === 'unrecognized_keys' ? accepted : undefined) });
}
