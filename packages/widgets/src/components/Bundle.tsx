import { isShowable, type Candidate, type PlacementItem } from '@focal/sdk-core';
import { bundlePicks } from '../connectors/connect-bundle.js';
import { formatPrice } from '../format/price.js';
import { cx } from './class-names.js';
import { h } from 'preact';
import { cards, modeOf, region, renderItem, slides, texts } from './parts.js';
import type { ViewProps } from './types.js';

/** The product the bundle is built around (the product page's), as the retailer knows it. */
export type BundleAnchor = Pick<Candidate, 'id' | 'title' | 'price' | 'currency' | 'url'> & { image?: string };

/**
 * The anchor a bundle shows, or none when it cannot be shown (no price, a price that is text, no currency…: named in
 * a console warning): the bundle is then the picks alone, totalled alone, as without an anchor.
 */
export const shownAnchor = (anchor?: BundleAnchor) => (anchor && isShowable(anchor, 'anchor') ? anchor : undefined);

export interface BundleProps extends ViewProps {
  anchor?: BundleAnchor;
  /** Ids of the picks ticked (controlled). */
  selected: string[];
  onToggle: (id: string) => void;
  /**
   * "Add all to cart": the selected picks (the anchor is the retailer's to add, usually already in the cart). The
   * second click of a double click is ignored.
   */
  onAddAll: () => void;
  /** Adding is under way: the button is `aria-disabled` (it keeps focus). */
  adding?: boolean;
  /** The last add failed: says so (`role="alert"`, translation `addFailed`). */
  failed?: boolean;
  /** Most picks shown. @default 2 */
  picks?: number;
}

/**
 * "Frequently bought together": the anchor plus picks with checkboxes, the total price and one add-all button.
 * The anchor is shown, not tracked (it is the page's own product).
 */
export function Bundle(props: BundleProps) {
  const t = texts(props);
  const { classNames: c = {} } = props;
  const anchor = shownAnchor(props.anchor);
  const count = props.picks ?? 2;
  const picks = bundlePicks(props.state.items, count, anchor?.currency);
  // items but none to pick (all out of stock or in another currency): nothing to buy together, as when empty
  let mode = modeOf(props);
  if (mode === 'items' && !picks.length) mode = 'empty';
  const chosen = picks.filter((p) => props.selected.includes(p.id));
  const currency = anchor?.currency ?? picks[0]?.currency ?? 'EUR';
  const total = chosen.reduce((sum, p) => sum + p.price, anchor?.price ?? 0);
  const boxes = slides(props, cards(props, mode, count, picks), 'Bundle', 'li',
    (_, attributes) => attributes && { class: cx('focal-Bundle-item focal-Bundle-pick', c.item) },
    (i) => mode === 'items' && h('input', { type: 'checkbox', class: 'focal-Bundle-check', checked: chosen.includes(picks[i]), 'aria-label': picks[i].title, onChange: () => props.onToggle(picks[i].id) }));
  if (anchor) {
    const own = { ...props, attribution: false, showReason: true, debug: false, onItemClick: undefined };
    boxes.unshift(h('li', { class: 'focal-Bundle-anchor' }, renderItem(own, { ...anchor, reason: t.thisItem, inStock: true } as PlacementItem, -1)));
  }
  const footer = h('div', { class: 'focal-Bundle-footer' },
    h('p', { class: 'focal-Bundle-total' }, t.total, ': ', h('strong', null, mode === 'items' ? formatPrice(total, currency, props.locale) : '…')),
    h('button', {
      type: 'button', class: cx('focal-Button focal-Button--primary focal-Bundle-add', c.button),
      disabled: mode !== 'items' || !chosen.length, 'aria-disabled': props.adding,
      onClick: (e: MouseEvent) => e.detail < 2 && props.onAddAll(),
    }, t.addAll(chosen.length)),
    props.failed && h('span', { class: 'focal-Bundle-error', role: 'alert' }, t.addFailed));
  return region(props, mode, 'Bundle', { list: h('ul', { class: cx('focal-Bundle-list', c.list) }, boxes), slides: boxes, footer });
}
