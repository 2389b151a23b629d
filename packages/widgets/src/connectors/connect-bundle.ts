import type { PlacementHandle, PlacementItem } from '@focal/sdk-core';
import { connectPlacement, type PlacementRenderProps } from './connect-placement.js';
import type { TrackerLike } from './tracker.js';

/** What a bundle renderer receives: the placement's props plus the picks and their selection. */
export interface BundleRenderProps extends PlacementRenderProps {
  picks: PlacementItem[];
  /** Ids of the ticked items (all at first; unticking is kept by product id). */
  selected: string[];
  toggle: (id: string) => void;
  /**
   * Hands the ticked picks to `onAddToCart` and, once it has succeeded (returned, or its promise resolved), tracks
   * `add_to_cart` for each (with its attribution). Does nothing while a promise it returned is pending.
   */
  addAll: () => void;
  /** A promise `onAddToCart` returned is pending. */
  adding?: boolean;
  /** The last `onAddToCart` threw or rejected (logged with `console.error`): the picks are not in the cart. */
  failed?: boolean;
}

/**
 * The picks of a bundle: the first `count` items in stock and priced in `currency` (the anchor's; without one, the
 * first item's). An item in another currency cannot be added up with the others, and one out of stock cannot be
 * bought (a cached answer, a placement that lets them through), so neither is shown as a pick nor added.
 */
export function bundlePicks(items: PlacementItem[], count = 2, currency = items[0]?.currency): PlacementItem[] {
  return items.filter((item) => item.currency === currency && item.inStock !== false).slice(0, count);
}

/**
 * The headless side of "frequently bought together": the first `picks` items in the bundle's `currency` (see
 * {@link bundlePicks}), a selection that survives
 * reranking (it is kept by product id), and one add-all action. `options` are read when used, so a getter
 * (`get picks()`) follows changes.
 */
export function connectBundle(handle: PlacementHandle, tracker: TrackerLike | undefined, options: { picks?: number; currency?: string; onAddToCart?: (items: PlacementItem[]) => unknown } = {}) {
  const base = connectPlacement(handle, tracker);
  const unticked = new Set<string>();
  let render: ((props: BundleRenderProps) => void) | undefined;
  let last: PlacementRenderProps | undefined;
  let adding = false;
  let failed = false;
  const picksOf = () => bundlePicks(last!.state.items, options.picks, options.currency);
  const toggle = (id: string) => {
    if (!unticked.delete(id)) unticked.add(id);
    emit();
  };
  const addAll = () => {
    if (adding) return;
    const chosen = picksOf().filter((p) => !unticked.has(p.id));
    const positions = chosen.map((item) => last!.state.items.indexOf(item));
    // only what reached the cart is tracked; a failure is the shopper's to know (and the developer's: logged)
    const done = (failure?: [unknown]) => {
      adding = false;
      failed = !!failure;
      if (failure) console.error(failure[0]);
      else chosen.forEach((item, i) => base.sendEvent('add_to_cart', item, positions[i]));
      emit();
    };
    try {
      const out = options.onAddToCart?.(chosen) as PromiseLike<unknown> | undefined;
      if (typeof out?.then !== 'function') return done();
      adding = true;
      emit();
      out.then(() => done(), (error) => done([error]));
    } catch (error) {
      done([error]);
    }
  };
  const emit = () => {
    if (last && render) render({ ...last, picks: picksOf(), selected: last.state.items.map((p) => p.id).filter((id) => !unticked.has(id)), toggle, addAll, adding, failed });
  };
  return {
    sendEvent: base.sendEvent,
    subscribe(fn: (props: BundleRenderProps) => void) {
      render = fn;
      return base.subscribe((props) => { last = props; emit(); });
    },
  };
}
