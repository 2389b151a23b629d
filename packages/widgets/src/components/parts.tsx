import type { ComponentChildren } from 'preact';
import type { PlacementItem } from '@focal/sdk-core';
import { Item } from '../templates/item.js';
import { itemFields } from '../templates/item-fields.js';
import { defaultTranslations, type Translations } from '../translations.js';
import { cx } from './class-names.js';
import { Skeleton } from './Skeleton.js';
import type { LayoutParts, ViewProps } from './types.js';

/** Resolved translations. */
export function texts(props: Pick<ViewProps, 'translations'>): Translations {
  return { ...defaultTranslations, ...props.translations };
}

/** What a placement renders in its current state. */
export type Mode = 'skeleton' | 'items' | 'empty' | 'error';

/** Loading without items shows a skeleton; any items (ready, or cached/fallback after an error) show. */
export function modeOf({ state }: ViewProps): Mode {
  if (state.items.length) return 'items';
  if (state.status === 'loading') return 'skeleton';
  return state.status === 'empty' ? 'empty' : 'error';
}

/** The card of one item, through the item template. */
export function renderItem(props: ViewProps, item: PlacementItem, position: number): ComponentChildren {
  return (props.templates?.item ?? Item)({
    item, position,
    fields: itemFields(item, { locale: props.locale, placement: props.placement, position, requestId: props.state.requestId, attribution: props.attribution }),
    showReason: !!props.showReason,
    imageWidth: props.imageWidth ?? 300,
    imageHeight: props.imageHeight ?? 300,
    debug: props.debug ? texts(props).debug(item.serverRank, position) : undefined,
    onClick: () => props.onItemClick?.(item, position),
  });
}

/** A card and the attributes of the box it sits in (`data-focal-pos`/`-id` for tracking). */
export type Card = [card: ComponentChildren, attributes?: Record<string, unknown>];

/** The cards of a view: `slots` skeletons while loading, else one per item (the first `count`). */
export function cards(props: ViewProps, mode: Mode, count?: number): Card[] {
  return mode === 'skeleton'
    ? Array.from({ length: count ?? props.slots ?? 4 }, () => [<Skeleton showReason={props.showReason} />])
    : props.state.items.slice(0, count).map((item, i) => [renderItem(props, item, i), { 'data-focal-pos': i, 'data-focal-id': item.id }]);
}

/** The header: the header template's output, or the title; then, for carousels, the controls. */
function header(props: ViewProps, controls?: ComponentChildren): ComponentChildren {
  const template = props.templates?.header;
  const title = template ? template({ title: props.title, state: props.state })
    : props.title ? <h2 class={cx('focal-Placement-title', props.classNames?.title)}>{props.title}</h2> : controls && <span />;
  return (title || controls) && <div class={cx('focal-Placement-header', props.classNames?.header)}>{title}{controls}</div>;
}

/**
 * The region every placement view renders: labelled, `aria-busy` with a screen-reader loading line while
 * loading, its height reserved; inside, the `layout` template or header + list + footer. Empty renders the
 * `empty` template or nothing (the slot collapses); an error without items one sentence and a retry (never raw
 * error text, never a spinner).
 */
export function region(props: ViewProps, mode: Mode, kind: string, parts: Omit<LayoutParts, 'header' | 'state'>, controls?: ComponentChildren, roledescription?: string) {
  const t = texts(props);
  const c = props.classNames ?? {};
  if (mode === 'empty') {
    const custom = props.templates?.empty?.({ state: props.state });
    return custom ? <div class="focal-Placement focal-Placement--empty">{custom}</div> : null;
  }
  if (mode === 'error') {
    return (
      <div class={cx('focal-Placement focal-Placement--error', c.error)} role="status">
        <p>{t.unavailable}</p>
        {props.onRetry && <button type="button" class={cx('focal-Button', c.button)} onClick={props.onRetry}>{t.retry}</button>}
      </div>
    );
  }
  const busy = mode === 'skeleton';
  const all = { ...parts, header: header(props, controls), state: props.state };
  return (
    <section class={cx(`focal-Placement focal-${kind}${busy ? ' focal-Placement--loading' : ''}`, c.root)}
      aria-roledescription={roledescription} aria-label={props.title ?? t.recommendations} aria-busy={busy ? 'true' : undefined}
      style={props.height ? { minHeight: `${props.height}px` } : undefined}>
      {busy && <span class="focal-sr">{t.loading}</span>}
      {props.templates?.layout?.(all) ?? [all.header, all.list, all.footer]}
    </section>
  );
}
