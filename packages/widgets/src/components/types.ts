import type { ComponentChildren } from 'preact';
import type { PlacementItem, PlacementState, Promotion } from '@focal/sdk-core';
import type { ItemFields } from '../templates/item-fields.js';
import type { Translations } from '../translations.js';

/** Class names added beside the public `focal-*` ones. */
export type ClassNames = Partial<Record<'root' | 'header' | 'title' | 'list' | 'item' | 'controls' | 'button' | 'error', string>>;

/** What an item template receives. */
export interface ItemTemplateProps {
  item: PlacementItem;
  fields: ItemFields;
  position: number;
  showReason: boolean;
  imageWidth: number;
  imageHeight: number;
  /** `server #3 → device #1` in `?debug` views. */
  debug?: string;
  onClick: () => void;
}

/** Overridable pieces of every widget. */
export interface Templates {
  item?: (props: ItemTemplateProps) => ComponentChildren;
  header?: (props: { title?: string; state: PlacementState }) => ComponentChildren;
  empty?: (props: { state: PlacementState }) => ComponentChildren;
  /** Replaces the whole body under the region (header and slides are already rendered for you). */
  layout?: (props: { header: ComponentChildren; slides: ComponentChildren[]; state: PlacementState }) => ComponentChildren;
}

/** Props shared by Carousel and Grid: the placement's state plus presentation options. Controlled: no fetching inside. */
export interface ViewProps {
  state: PlacementState;
  placement: string;
  /**
   * Unique on the page: the ids inside derive from it (the carousel's `<id>-list`, which previous/next control).
   * `mount*` and the React components give every instance its own; set it when you render two views of the
   * same placement yourself. @default `focal-<placement>`
   */
  id?: string;
  /** Heading and region label. */
  title?: string;
  locale?: string;
  /** Show the item's `reason` as a "why" line. */
  showReason?: boolean;
  /** Show server rank → device rank per item. */
  debug?: boolean;
  /** Add `focal_rid/focal_pl/focal_pos` to item links. @default true */
  attribution?: boolean;
  /** Skeleton slides while loading. @default 4 */
  slots?: number;
  /** Reserved min-height in px while loading or showing items. */
  height?: number;
  imageWidth?: number;
  imageHeight?: number;
  templates?: Templates;
  classNames?: ClassNames;
  translations?: Partial<Translations>;
  onItemClick?: (item: PlacementItem, position: number) => void;
  onRetry?: () => void;
  /** CMS tiles shown among the slides (carousel only). */
  promos?: Promotion[];
  /** Where the first promo tile goes. @default 1 */
  promoPosition?: number;
  onPromoClick?: (promotion: Promotion, position: number) => void;
}
