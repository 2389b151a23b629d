import type { Candidate } from '@focal/sdk-core/contracts';
import { formatPrice } from '../format/price.js';
import { withAttribution } from './attribution.js';

/** What an item template shows, already formatted. Pure data: the web widgets and the email renderer share it. */
export interface ItemFields {
  id: string;
  title: string;
  href: string;
  image?: string;
  price: string;
  brand?: string;
  reason?: string;
  inStock: boolean;
}

export interface ItemFieldOptions {
  locale?: string;
  placement: string;
  position: number;
  requestId?: string;
  /** Append `focal_rid/focal_pl/focal_pos` to the link. @default true */
  attribution?: boolean;
}

/** Turns a candidate into the fields a template shows (formatted price, attributed link). */
export function itemFields(item: Candidate, options: ItemFieldOptions): ItemFields {
  return {
    id: item.id,
    title: item.title,
    href: options.attribution === false ? item.url : withAttribution(item.url, options),
    image: item.image,
    price: formatPrice(item.price, item.currency, options.locale),
    brand: item.brand,
    reason: item.reason,
    inStock: item.inStock,
  };
}
