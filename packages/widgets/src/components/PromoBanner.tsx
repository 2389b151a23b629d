import { h } from 'preact';
import type { ContentState, Promotion } from '@focal/sdk-core';
import { cx } from './class-names.js';
import { texts } from './parts.js';
import type { ClassNames } from './types.js';
import type { Translations } from '../translations.js';

export interface PromoBannerProps {
  state: ContentState;
  /** Reserved min-height in px while loading. */
  height?: number;
  /**
   * The banner is at the top of the page (a home hero, likely the page's largest image): its image loads at once with
   * `fetchpriority="high"` instead of `loading="lazy"`, which waits for layout and delays that paint.
   * @default false
   */
  priority?: boolean;
  classNames?: ClassNames;
  translations?: Partial<Translations>;
  onClick?: (promotion: Promotion, position: number) => void;
}

/** The top CMS promotion of a slot as a banner; nothing when the slot is empty or down (the slot collapses). */
export function PromoBanner(props: PromoBannerProps) {
  const { state, classNames: c = {} } = props;
  if (state.status === 'loading') {
    return h('div', { class: cx('focal-Promo focal-Promo--loading', c.root), style: props.height ? { minHeight: props.height } : undefined, 'aria-hidden': 'true' });
  }
  const promotion = state.promotions[0];
  if (!promotion) return null;
  const { image, cta, title, body } = promotion;
  return h('section', { class: cx('focal-Promo', c.root), 'aria-label': `${texts(props).promo}: ${title}`, 'data-focal-promo': promotion.id },
    image && h('img', { class: 'focal-Promo-image', src: image.url, alt: image.alt, width: image.width, height: image.height, ...(props.priority ? { fetchpriority: 'high' } : { loading: 'lazy', decoding: 'async' }) }),
    h('h2', { class: cx('focal-Promo-title', c.title) }, title),
    body && h('p', { class: 'focal-Promo-body' }, body),
    cta && h('a', { class: cx('focal-Button focal-Button--primary focal-Promo-cta', c.button), href: cta.url, onClick: () => props.onClick?.(promotion, 0) }, cta.label));
}
