import type { Promotion } from '@focal/sdk-core';
import { card } from '../templates/item.js';

/** A CMS promotion as a carousel tile: same card boxes as an item. */
export function PromoTile({ promotion: { image, cta, title }, onClick, imageWidth = 300, imageHeight = 300 }: { promotion: Promotion; onClick?: () => void; imageWidth?: number; imageHeight?: number }) {
  // no call to action: a plain tile, not a link to '#' (which jumps to the top of the page)
  return card({ class: 'focal-Item focal-Item--promo', href: cta?.url, onClick },
    image && { src: image.url, alt: image.alt, width: image.width ?? imageWidth, height: image.height ?? imageHeight }, title, cta?.label ?? '');
}
