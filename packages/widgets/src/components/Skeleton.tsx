import { h } from 'preact';
import { card } from '../templates/item.js';

/** A placeholder with the exact boxes of an item card, so the real items replace it without moving anything. */
export function Skeleton({ showReason }: { showReason?: boolean }) {
  return card({ class: 'focal-Item focal-Item--skeleton', 'aria-hidden': 'true' }, false, undefined, undefined, showReason && h('span', { class: 'focal-Item-reason' }));
}
