import type { PlacementItem } from '@focal/sdk-core';
import { Bundle, shownAnchor, type BundleAnchor, type BundleProps } from '../components/Bundle.js';
import { connectBundle, type BundleRenderProps } from '../connectors/connect-bundle.js';
import { mountView, type MountedWidget, type PlacementWidgetOptions } from './mount.js';

export interface BundleWidgetOptions extends PlacementWidgetOptions {
  anchor?: BundleAnchor;
  /** Most picks. @default 2 */
  picks?: number;
  /**
   * The retailer's add-to-cart: called with the selected picks; may return a promise (the button waits for it). If it
   * throws or rejects, the shopper is told and may try again, and no `add_to_cart` is tracked. A `focal:add-to-cart`
   * DOM event is also dispatched.
   */
  onAddToCart?: (items: PlacementItem[]) => unknown;
}

/**
 * Mounts "frequently bought together": the anchor plus picks (all ticked at first), the total, and one
 * "add all to cart" that calls `onAddToCart` and tracks `add_to_cart` for each pick with its attribution.
 * @example mountBundle('#fbt', { client, tracker, placement: 'pdp-complete-the-look', items: ['FR-00042'], anchor, onAddToCart: (items) => cart.add(items) })
 */
export function mountBundle(container: Element | string, options: BundleWidgetOptions): MountedWidget {
  return mountView<BundleProps, BundleRenderProps>(Bundle, container, options, (handle, tracker, el, current: () => BundleWidgetOptions) => connectBundle(handle, tracker, {
    get picks() { return current().picks; },
    get currency() { return shownAnchor(current().anchor)?.currency; },
    onAddToCart(items) {
      const out = current().onAddToCart?.(items);
      el.dispatchEvent(new CustomEvent('focal:add-to-cart', { bubbles: true, detail: { items, placement: options.placement } }));
      return out;
    },
  }), ({ selected, toggle, addAll, adding, failed }) => ({ selected, onToggle: toggle, onAddAll: addAll, adding, failed }));
}
