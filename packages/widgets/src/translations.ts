/** Every text a widget shows; override any with `translations`. */
export interface Translations {
  /** Region label when the widget has no title. */
  recommendations: string;
  /**
   * The label of an untitled widget: `recommendations` and the placement id in words, so two untitled widgets on one
   * page are told apart (`Recommendations: pdp similar`).
   */
  untitled: (recommendations: string, placement: string) => string;
  carousel: string;
  slide: string;
  /** Label of slide `n` of `count`. */
  slideLabel: (n: number, count: number) => string;
  previous: string;
  next: string;
  loading: string;
  unavailable: string;
  retry: string;
  thisItem: string;
  total: string;
  addAll: (count: number) => string;
  /** A bundle's "add all to cart" failed. */
  addFailed: string;
  promo: string;
  /** Marks an item that cannot be bought now (`inStock: false`: a cached answer, a placement showing such items, a fallback). */
  outOfStock: string;
  debug: (serverRank: number, deviceRank: number) => string;
}

export const defaultTranslations: Translations = {
  recommendations: 'Recommendations',
  untitled: (recommendations, placement) => `${recommendations}: ${placement.replace(/-/g, ' ')}`,
  carousel: 'carousel',
  slide: 'slide',
  slideLabel: (n, count) => `${n} of ${count}`,
  previous: 'Previous items',
  next: 'Next items',
  loading: 'Loading recommendations',
  unavailable: 'Recommendations are unavailable right now.',
  retry: 'Try again',
  thisItem: 'This item',
  total: 'Total price',
  addAll: (count) => (count === 1 ? 'Add 1 item to cart' : `Add all ${count} to cart`),
  addFailed: 'Could not add to cart. Please try again.',
  promo: 'Promotion',
  outOfStock: 'Out of stock',
  debug: (server, device) => `server #${server + 1} → device #${device + 1}`,
};
