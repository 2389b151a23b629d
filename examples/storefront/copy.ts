/**
 * The example stores' shopper-facing words for catalog data (shared by the plain-HTML and the React storefront):
 * product facts in words, and product-page placement headings that say what the placement shows.
 */
import type { Product } from '@focal/sdk-core/contracts';

/** What the shopper reads for a catalog attribute: `lensType` → "Lens type"; the demo's own keys by name. */
const FACT_LABELS: Record<string, string> = { packDays: 'Lasts', volumeMl: 'Volume', lenses: 'Lenses per box', priceBand: 'Price range', frameWidth: 'Frame width', uvProtection: 'UV protection', index: 'Lens index' };
export function factLabel(key: string): string {
  const words = FACT_LABELS[key] ?? key.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
export function factValue(key: string, value: unknown): string {
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (key === 'packDays') return `${String(value)} days`;
  if (key === 'volumeMl') return `${String(value)} ml`;
  return String(value);
}

/**
 * The product page's placement headings, by what the product is: a contact-lens page saying "Similar frames" above
 * contact lenses misleads the shopper.
 */
export function placementTitles(p: Product): { SIMILAR_TITLE: string; LOOK_TITLE: string } {
  const [top, sub] = p.categoryPath;
  if (top === 'Frames' && sub === 'Sunglasses') return { SIMILAR_TITLE: 'Similar sunglasses', LOOK_TITLE: 'Complete the look: a case and care' };
  if (top === 'Frames') return { SIMILAR_TITLE: 'Similar frames', LOOK_TITLE: 'Complete the look: lenses and a case' };
  if (top === 'Contact lenses') return { SIMILAR_TITLE: 'Similar contact lenses', LOOK_TITLE: 'Often bought with these lenses' };
  if (top === 'Lenses') return { SIMILAR_TITLE: 'Other lenses', LOOK_TITLE: 'Frames and cases for these lenses' };
  return { SIMILAR_TITLE: 'Similar products', LOOK_TITLE: 'Often bought together' };
}

/**
 * The store's category pages (`/category/<slug>`), as the plain store's `public/store.js` lists them: the React store
 * serves the same ones, so a promotion's call to action (`/category/contact-lenses`) leads somewhere in both.
 */
export const CATEGORIES: Record<string, { title: string; nav: string; test(p: Product): boolean }> = {
  'optical-frames': { title: 'Optical frames', nav: 'Frames', test: (p) => p.categoryPath[1] === 'Optical frames' },
  sunglasses: { title: 'Sunglasses', nav: 'Sunglasses', test: (p) => p.categoryPath[1] === 'Sunglasses' },
  lenses: { title: 'Lenses', nav: 'Lenses', test: (p) => p.categoryPath[0] === 'Lenses' },
  'contact-lenses': { title: 'Contact lenses', nav: 'Contact lenses', test: (p) => p.categoryPath[0] === 'Contact lenses' },
  accessories: { title: 'Accessories and eye care', nav: 'Accessories', test: (p) => p.categoryPath[0] === 'Accessories' || p.categoryPath[0] === 'Eye care' },
};
