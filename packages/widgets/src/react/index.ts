/**
 * @focal/widgets/react — React bindings. React is a peer dependency (never bundled); the widgets render with
 * Preact inside, server-side via preact-render-to-string, and hydrate without a mismatch.
 */
export { FocalProvider, type FocalProviderProps } from './provider.js';
export { useRecommendations, usePlacementHandle, useFocal, type PlacementQuery } from './use-recommendations.js';
export { Recommendations, Bundle, PromoSlot, type RecommendationsProps, type BundleProps } from './components.js';
export { FocalContext, type FocalContextValue } from './context.js';
export { focalCss } from '../styles.js';
