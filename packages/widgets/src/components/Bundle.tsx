import type { Candidate } from '@focal/sdk-core';
import { formatPrice } from '../format/price.js';
import { cx } from './class-names.js';
import { Empty, Header, Unavailable, modeOf, renderItem, reserve, skeletons, texts } from './parts.js';
import type { ViewProps } from './types.js';

/** The product the bundle is built around (the product page's), as the retailer knows it. */
export type BundleAnchor = Pick<Candidate, 'id' | 'title' | 'price' | 'currency' | 'url'> & { image?: string };

export interface BundleProps extends ViewProps {
  anchor?: BundleAnchor;
  /** Ids of the picks ticked (controlled). */
  selected: string[];
  onToggle: (id: string) => void;
  /** "Add all to cart": the selected picks (the anchor is the retailer's to add, usually already in the cart). */
  onAddAll: () => void;
  /** Most picks shown. @default 2 */
  picks?: number;
}

/** "Frequently bought together": the anchor plus picks with checkboxes, the total price and one add-all button. */
export function Bundle(props: BundleProps) {
  const t = texts(props);
  const mode = modeOf(props);
  const { classNames: c = {}, anchor } = props;
  if (mode === 'empty') return <Empty props={props} />;
  if (mode === 'error') return <Unavailable props={props} />;
  const picks = props.state.items.slice(0, props.picks ?? 2);
  const chosen = picks.filter((p) => props.selected.includes(p.id));
  const currency = anchor?.currency ?? picks[0]?.currency ?? 'EUR';
  const total = chosen.filter((p) => p.currency === currency).reduce((sum, p) => sum + p.price, anchor?.price ?? 0);
  const count = chosen.length;
  return (
    <section class={cx(`focal-Placement focal-Bundle${mode === 'skeleton' ? ' focal-Placement--loading' : ''}`, c.root)}
      aria-label={props.title ?? t.recommendations} aria-busy={mode === 'skeleton' ? 'true' : undefined} style={reserve(props, mode)}>
      {mode === 'skeleton' && <span class="focal-sr">{t.loading}</span>}
      <Header props={props} />
      <ul class={cx('focal-Bundle-list', c.list)}>
        {anchor && (
          <li class="focal-Bundle-anchor">
            {renderItem({ ...props, attribution: false, showReason: true }, { ...anchor, categoryPath: ['-'], inStock: true, strategy: 'anchor', features: { score: 0, rank: 0, popularity: 0, cooccurrence: 0, ageDays: 0, strategyScores: {} }, serverRank: 0, reason: t.thisItem }, -1)}
          </li>
        )}
        {mode === 'skeleton'
          ? skeletons({ ...props, slots: props.picks ?? 2 }).map((s, i) => <li key={i} class={cx('focal-Bundle-item', c.item)}>{s}</li>)
          : picks.map((item, i) => (
            <li key={i} class={cx('focal-Bundle-item focal-Bundle-pick', c.item)} data-focal-pos={i} data-focal-id={item.id}>
              <input type="checkbox" class="focal-Bundle-check" checked={props.selected.includes(item.id)}
                aria-label={item.title} onChange={() => props.onToggle(item.id)} />
              {renderItem(props, item, i)}
            </li>
          ))}
      </ul>
      <div class="focal-Bundle-footer">
        <p class="focal-Bundle-total">{t.total}: <strong>{mode === 'items' ? formatPrice(total, currency, props.locale) : '…'}</strong></p>
        <button type="button" class={cx('focal-Button focal-Button--primary focal-Bundle-add', c.button)}
          disabled={mode !== 'items' || !count} onClick={props.onAddAll}>{t.addAll(count)}</button>
      </div>
    </section>
  );
}
