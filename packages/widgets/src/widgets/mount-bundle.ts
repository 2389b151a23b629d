import type { PlacementItem } from '@focal/sdk-core';
import { Bundle, type BundleAnchor, type BundleProps } from '../components/Bundle.js';
import { mountView, type MountedWidget, type PlacementWidgetOptions } from './mount.js';

export interface BundleWidgetOptions extends PlacementWidgetOptions {
  anchor?: BundleAnchor;
  /** Most picks. @default 2 */
  picks?: number;
  /** The retailer's add-to-cart: called with the selected picks. A `focal:add-to-cart` DOM event is also dispatched. */
  onAddToCart?: (items: PlacementItem[]) => void;
}

/**
 * Mounts "frequently bought together": the anchor plus picks (all ticked at first), the total, and one
 * "add all to cart" that calls `onAddToCart` and tracks `add_to_cart` for each pick with its attribution.
 * @example mountBundle('#fbt', { client, tracker, placement: 'pdp-bundle', items: ['FR-1001'], anchor, onAddToCart: (items) => cart.add(items) })
 */
export function mountBundle(container: Element | string, options: BundleWidgetOptions): MountedWidget {
  let unticked = new Set<string>();
  let el: Element | undefined;
  return mountView<BundleProps>(Bundle, container, options, ({ state, sendEvent }, redraw) => {
    const picks = state.items.slice(0, options.picks ?? 2);
    const selected = picks.map((p) => p.id).filter((id) => !unticked.has(id));
    return {
      selected,
      onToggle: (id: string) => {
        unticked = new Set(unticked);
        if (unticked.has(id)) unticked.delete(id); else unticked.add(id);
        redraw();
      },
      onAddAll: () => {
        const chosen = picks.filter((p) => selected.includes(p.id));
        chosen.forEach((item) => sendEvent('add_to_cart', item, picks.indexOf(item)));
        options.onAddToCart?.(chosen);
        el ??= typeof container === 'string' ? document.querySelector(container) ?? undefined : container;
        el?.dispatchEvent(new CustomEvent('focal:add-to-cart', { bubbles: true, detail: { items: chosen, placement: options.placement } }));
      },
    };
  });
}
