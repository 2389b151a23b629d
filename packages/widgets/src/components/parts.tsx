import type { ComponentChildren } from 'preact';
import type { PlacementItem } from '@focal/sdk-core';
import { Item } from '../templates/item.js';
import { itemFields } from '../templates/item-fields.js';
import { defaultTranslations, type Translations } from '../translations.js';
import { cx } from './class-names.js';
import { Skeleton } from './Skeleton.js';
import type { ViewProps } from './types.js';

/** Resolved translations. */
export function texts(props: ViewProps): Translations {
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
  const template = props.templates?.item ?? Item;
  return template({
    item, position,
    fields: itemFields(item, { locale: props.locale, placement: props.placement, position, requestId: props.state.requestId, attribution: props.attribution }),
    showReason: !!props.showReason,
    imageWidth: props.imageWidth ?? 300,
    imageHeight: props.imageHeight ?? 300,
    debug: props.debug ? texts(props).debug(item.serverRank, position) : undefined,
    onClick: () => props.onItemClick?.(item, position),
  });
}

/** Skeleton cards, one per reserved slot. */
export function skeletons(props: ViewProps): ComponentChildren[] {
  return Array.from({ length: props.slots ?? 4 }, () => <Skeleton showReason={props.showReason} />);
}

/** The header: the title (or the header template) and, for carousels, the controls. */
export function Header({ props, children }: { props: ViewProps; children?: ComponentChildren }) {
  const custom = props.templates?.header?.({ title: props.title, state: props.state });
  if (custom === undefined && !props.title && !children) return null;
  return (
    <div class={cx('focal-Placement-header', props.classNames?.header)}>
      {custom ?? (props.title ? <h2 class={cx('focal-Placement-title', props.classNames?.title)}>{props.title}</h2> : <span />)}
      {children}
    </div>
  );
}

/** Error without anything to show: a short sentence and a retry (never raw error text, never a spinner). */
export function Unavailable({ props }: { props: ViewProps }) {
  const t = texts(props);
  return (
    <div class={cx('focal-Placement focal-Placement--error', props.classNames?.error)} role="status">
      <p>{t.unavailable}</p>
      {props.onRetry && <button type="button" class={cx('focal-Button', props.classNames?.button)} onClick={props.onRetry}>{t.retry}</button>}
    </div>
  );
}

/** Empty: the empty template, or nothing at all (the slot collapses). */
export function Empty({ props }: { props: ViewProps }) {
  const custom = props.templates?.empty?.({ state: props.state });
  return custom ? <div class="focal-Placement focal-Placement--empty">{custom}</div> : null;
}

/** Inline style that reserves the configured height while loading or showing items. */
export function reserve(props: ViewProps, mode: Mode) {
  return props.height && (mode === 'skeleton' || mode === 'items') ? { minHeight: `${props.height}px` } : undefined;
}
