import { h } from 'preact';
import { cx } from './class-names.js';
import { cards, modeOf, region, slides, withPromos } from './parts.js';
import type { ViewProps } from './types.js';

/**
 * A labelled region with a list of items in a responsive grid (with the promo slot's tiles among them, as a
 * carousel's); a skeleton of the same size while loading.
 */
export function Grid(props: ViewProps) {
  const mode = modeOf(props);
  const boxes = slides(props, withPromos(props, mode, cards(props, mode)), 'Grid', 'li');
  return region(props, mode, 'Grid', { list: h('ul', { class: cx('focal-Grid-list', props.classNames?.list) }, boxes), slides: boxes });
}
