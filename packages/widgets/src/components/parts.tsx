import { h, type ComponentChildren } from 'preact';
import type { PlacementItem } from '@focal/sdk-core';
import { Item } from '../templates/item.js';
import { itemFields } from '../templates/item-fields.js';
import { defaultTranslations, type Translations } from '../translations.js';
import { cx } from './class-names.js';
import { PromoTile } from './PromoTile.js';
import { Skeleton } from './Skeleton.js';
import type { LayoutParts, ViewProps } from './types.js';

/**
 * Resolved translations. One given as `undefined` or `null` (a locale file that lacks it) keeps the default, rather
 * than leaving a button without a name or a "Try again" without words; one of the wrong kind (words where a function
 * is wanted, `slideLabel: '1 of 3'`, or the reverse) throws naming it.
 */
export function texts({ translations }: Pick<ViewProps, 'translations'>): Translations {
  const t: Record<string, unknown> = { ...defaultTranslations };
  for (const [key, value] of Object.entries(translations ?? {})) {
    if (value == null) continue;
    if (key in t && typeof value != typeof t[key]) throw new TypeError(`focal: translations.${key} must be a ${typeof t[key]}; got ${typeof value}`);
    t[key] = value;
  }
  return t as unknown as Translations;
}

/** What a placement renders in its current state. */
export type Mode = 'skeleton' | 'items' | 'empty' | 'error';

/**
 * Loading without items shows a skeleton; any items (ready, or cached/fallback after an error) show. A request the
 * adapter refused (`refused`: asking again gets the same answer) is shown as empty: no "Try again" that cannot work.
 */
export function modeOf({ state }: ViewProps): Mode {
  return state.items.length ? 'items' : state.status === 'loading' ? 'skeleton' : state.status === 'empty' || state.refused ? 'empty' : 'error';
}

/** The card of one item, through the item template. */
export function renderItem(props: ViewProps, item: PlacementItem, position: number): ComponentChildren {
  const t = texts(props);
  return (props.templates?.item ?? Item)({
    item, position,
    fields: itemFields(item, { ...props, position, requestId: props.state.requestId }),
    showReason: !!props.showReason,
    imageWidth: props.imageWidth ?? 300,
    imageHeight: props.imageHeight ?? 300,
    debug: props.debug ? t.debug(item.serverRank, position) : undefined,
    outOfStock: item.inStock === false ? t.outOfStock : undefined,
    onClick: () => props.onItemClick?.(item, position),
  });
}

/** A card and the attributes of the box it sits in (`data-focal-pos`/`-id` for tracking). */
export type Card = [card: ComponentChildren, attributes?: Record<string, unknown>];

/**
 * The cards of a view: `slots` skeletons while loading, else one per item of `items` (the placement's, or a chosen
 * few of them; the first `count`), each with its position in the placement.
 */
export function cards(props: ViewProps, mode: Mode, count?: number, items = props.state.items): Card[] {
  return mode === 'skeleton'
    ? Array.from({ length: count ?? props.slots ?? 4 }, () => [h(Skeleton, { showReason: props.showReason })])
    : items.slice(0, count).map((item) => {
      const i = props.state.items.indexOf(item);
      return [renderItem(props, item, i), { 'data-focal-pos': i, 'data-focal-id': item.id }];
    });
}

/**
 * The cards with the promo slot's promotions as tiles among them (the first at `promoPosition`, default 1), once
 * items show: a carousel's slides and a grid's cells alike. The tile's box carries `data-focal-promo` (its impression).
 */
export function withPromos(props: ViewProps, mode: Mode, all: Card[]): Card[] {
  all.splice(Math.min(props.promoPosition ?? 1, all.length), 0, ...(mode === 'items' && props.promos || []).map((promotion, i): Card => [
    h(PromoTile, { promotion, imageWidth: props.imageWidth, imageHeight: props.imageHeight, onClick: () => props.onPromoClick?.(promotion, i) }),
    { 'data-focal-promo': promotion.id },
  ]));
  return all;
}

/**
 * The boxes of a view's slides: `tag` elements with the public class `focal-<kind>-item` (plus `classNames.item`),
 * keyed by position, with `extra(i, attributes)` (which may replace the class) and the card's attributes on them, and
 * the card inside (after `before(i)` when given).
 */
export function slides(props: ViewProps, all: Card[], kind: string, tag: string, extra?: (i: number, attributes?: Record<string, unknown>) => Record<string, unknown> | undefined, before?: (i: number) => ComponentChildren): ComponentChildren[] {
  return all.map(([card, attributes], i) => h(tag, { key: i, class: cx(`focal-${kind}-item`, props.classNames?.item), ...extra?.(i, attributes), ...attributes }, before?.(i), card));
}

/**
 * The region every placement view renders: labelled, `aria-busy` with a screen-reader loading line while
 * loading, its height reserved; inside, the `layout` template or header + list + footer (the header: the header
 * template's output or the title, then a carousel's controls). Empty renders the `empty` template or nothing (the
 * slot collapses); an error without items one sentence and a retry (never raw error text, never a spinner).
 */
export function region(props: ViewProps, mode: Mode, kind: string, parts: Omit<LayoutParts, 'header' | 'state'>, controls?: ComponentChildren, roledescription?: string) {
  const t = texts(props);
  const { classNames: c = {}, templates: tpl = {}, title, state } = props;
  if (mode === 'empty') {
    const custom = tpl.empty?.({ state });
    return custom ? h('div', { class: 'focal-Placement focal-Placement--empty' }, custom) : null;
  }
  if (mode === 'error') {
    return h('div', { class: cx('focal-Placement focal-Placement--error', c.error), role: 'status' },
      h('p', null, t.unavailable),
      props.onRetry && h('button', { type: 'button', class: cx('focal-Button', c.button), onClick: props.onRetry }, t.retry));
  }
  const busy = mode === 'skeleton';
  const heading = tpl.header ? tpl.header({ title, state }) : title ? h('h2', { class: cx('focal-Placement-title', c.title) }, title) : controls && h('span', null);
  const all = { ...parts, header: (heading || controls) && h('div', { class: cx('focal-Placement-header', c.header) }, heading, controls), state };
  return h('section', {
    class: cx(`focal-Placement focal-${kind}${busy ? ' focal-Placement--loading' : ''}`, c.root),
    'aria-roledescription': roledescription, 'aria-label': title ?? t.untitled(t.recommendations, props.placement), 'aria-busy': busy ? 'true' : undefined,
    style: props.height ? { minHeight: props.height } : undefined,
  }, busy && h('span', { class: 'focal-sr' }, t.loading), tpl.layout?.(all) ?? [all.header, all.list, all.footer]);
}
