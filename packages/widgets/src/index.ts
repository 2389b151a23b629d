/**
 * @focal/widgets — Preact widgets for Focal placements: connectors (headless) → components (controlled) → mount functions.
 */
export { mountCarousel, mountGrid, mountView, type MountedWidget, type PlacementWidgetOptions, type Connect } from './widgets/mount.js';
export { mountBundle, type BundleWidgetOptions } from './widgets/mount-bundle.js';
export { mountPromo, type PromoWidgetOptions } from './widgets/mount-promo.js';
export { observeImpressions } from './widgets/impressions.js';
export { recommendClientFor, contentClientFor, type ConnectionOptions } from './widgets/clients.js';
export { autoMount, readDataset, type AutoMountConfig, type FocalLike } from './auto-mount.js';
export { connectPlacement, type PlacementConnector, type PlacementRenderProps, type PlacementEventType } from './connectors/connect-placement.js';
export { connectPromo, type PromoRenderProps } from './connectors/connect-promo.js';
export { connectBundle, type BundleRenderProps } from './connectors/connect-bundle.js';
export type { TrackerLike } from './connectors/tracker.js';
export { Carousel } from './components/Carousel.js';
export { Grid } from './components/Grid.js';
export { Bundle, type BundleProps, type BundleAnchor } from './components/Bundle.js';
export { PromoBanner, type PromoBannerProps } from './components/PromoBanner.js';
export { PromoTile } from './components/PromoTile.js';
export { Skeleton } from './components/Skeleton.js';
export type { ViewProps, Templates, ItemTemplateProps, LayoutParts, ClassNames } from './components/types.js';
export { Item } from './templates/item.js';
export { itemFields, type ItemFields, type ItemFieldOptions } from './templates/item-fields.js';
export { withAttribution, readAttribution, type Attribution } from './templates/attribution.js';
export { formatPrice } from './format/price.js';
export { defaultTranslations, type Translations } from './translations.js';
export { focalCss, injectStyles } from './styles.js';
export type { RecommendClient, RecommendClientOptions, ContentClient, ContentState, PlacementHandle, PlacementState, PlacementItem } from '@focal/sdk-core';
