import type { PlacementHandle, PlacementItem } from '@focal/sdk-core';
import { connectPlacement, type PlacementRenderProps } from './connect-placement.js';
import type { TrackerLike } from './tracker.js';

/** What a bundle renderer receives: the placement's props plus the picks and their selection. */
export interface BundleRenderProps extends PlacementRenderProps {
  picks: PlacementItem[];
  /** Ids of the ticked items (all at first; unticking is kept by product id). */
  selected: string[];
  toggle: (id: string) => void;
  /** Tracks `add_to_cart` for each ticked pick (with its attribution) and hands them to `onAddToCart`. */
  addAll: () => void;
}

/**
 * The picks of a bundle: the first `count` items priced in `currency` (the anchor's; without one, the first item's).
 * An item in another currency cannot be added up with the others, so it is neither shown as a pick nor added.
 */
export function bundlePicks(items: PlacementItem[], count = 2, currency = items[0]?.currency): PlacementItem[] {
  return items.filter((item) => item.currency === currency).slice(0, count);
}

/**
 * The headless side of "frequently bought together": the first `picks` items in the bundle's `currency` (see
 * {@link bundlePicks}), a selection that survives
 * reranking (it is kept by product id), and one add-all action. `options` are read when used, so a getter
 * (`get picks()`) follows changes.
 */
export function connectBundle(handle: PlacementHandle, tracker: TrackerLike | undefined, options: { picks?: number; currency?: string; onAddToCart?: (items: PlacementItem[]) => void } = {}) {
  const base = connectPlacement(handle, tracker);
  const unticked = new Set<string>();
  let render: ((props: BundleRenderProps) => void) | undefined;
  let last: PlacementRenderProps | undefined;
  const picksOf = () => bundlePicks(last!.state.items, options.picks, options.currency);
  const toggle = (id: string) => {
    if (!unticked.delete(id)) unticked.add(id);
    emit();
  };
  const addAll = () => {
    const chosen = picksOf().filter((p) => !unticked.has(p.id));
    chosen.forEach((item) => base.sendEvent('add_to_cart', item, last!.state.items.indexOf(item)));
    options.onAddToCart?.(chosen);
  };
  const emit = () => {
    if (last && render) render({ ...last, picks: picksOf(), selected: last.state.items.map((p) => p.id).filter((id) => !unticked.has(id)), toggle, addAll });
  };
  return {
    sendEvent: base.sendEvent,
    subscribe(fn: (props: BundleRenderProps) => void) {
      render = fn;
      return base.subscribe((props) => { last = props; emit(); });
    },
  };
}
