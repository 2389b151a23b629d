import { h, type ComponentChildren } from 'preact';
import type { ItemTemplateProps } from '../components/types.js';

/**
 * The boxes of every card, in this order: the image (sized, lazy; an empty box without one), the title, the price
 * line, then `extra`. The default item, a promo tile and the skeleton share them, so one replaces another without
 * moving anything. `attributes` with an `href` make the card a link.
 */
export function card(attributes: Record<string, unknown>, image?: Record<string, unknown> | false | '', title?: ComponentChildren, price?: ComponentChildren, ...extra: ComponentChildren[]) {
  return h(attributes.href === undefined ? 'span' : 'a', attributes,
    h(image ? 'img' : 'span', { class: 'focal-Item-image', ...(image && { ...image, loading: 'lazy', decoding: 'async' }) }),
    h('span', { class: 'focal-Item-title' }, title),
    h('span', { class: 'focal-Item-price' }, price),
    ...extra);
}

/**
 * The default item card: image (sized, lazy), title, price, optional "why" line. Same boxes as the skeleton. An item
 * out of stock carries its words last, in the link (its name says so), shown over the image (no box moves).
 */
export function Item({ fields, showReason, imageWidth, imageHeight, debug, outOfStock, onClick }: ItemTemplateProps) {
  return card({ class: 'focal-Item', href: fields.href, onClick }, fields.image && { src: fields.image, alt: '', width: imageWidth, height: imageHeight },
    fields.title, fields.price,
    showReason && h('span', { class: 'focal-Item-reason' }, fields.reason ?? ''),
    debug && h('small', { class: 'focal-Item-debug' }, debug),
    outOfStock && h('span', { class: 'focal-Item-stock' }, outOfStock));
}
