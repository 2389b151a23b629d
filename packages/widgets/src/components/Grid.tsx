import { cx } from './class-names.js';
import { cards, modeOf, region } from './parts.js';
import type { ViewProps } from './types.js';

/** A labelled region with a list of items in a responsive grid; a skeleton of the same size while loading. */
export function Grid(props: ViewProps) {
  const mode = modeOf(props);
  const c = props.classNames ?? {};
  const slides = cards(props, mode).map(([card, attributes], i) => <li key={i} class={cx('focal-Grid-item', c.item)} {...attributes}>{card}</li>);
  return region(props, mode, 'Grid', { list: <ul class={cx('focal-Grid-list', c.list)}>{slides}</ul>, slides });
}
