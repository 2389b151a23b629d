import type { ComponentChildren } from 'preact';
import type { PlacementItem, PlacementState, Promotion } from '@focal/sdk-core';
import type { ItemFields } from '../templates/item-fields.js';
import type { Translations } from '../translations.js';

/** Class names added beside the public `focal-*` ones. */
export type ClassNames = Partial<Record<'root' | 'header' | 'title' | 'list' | 'item' | 'controls' | 'button' | 'error', string>>;

/** What an item template receives. */
export interface ItemTemplateProps {
  /** The item. For a bundle's anchor (`position` -1) only the anchor's own fields (id, title, price, currency, url, image). */
  item: PlacementItem;
  fields: ItemFields;
  /** 0-based position in the placement; -1 for a bundle's anchor. */
  position: number;
  showReason: boolean;
  imageWidth: number;
  imageHeight: number;
  /** `server #3 → device #1` in `?debug` views. */
  debug?: string;
  /** The words for an item out of stock (translation `outOfStock`); absent for one in stock. */
  outOfStock?: string;
  onClick: () => void;
}

/** The rendered pieces a `layout` template arranges. */
export interface LayoutParts {
  /** Title (or the header template's output) and, in a carousel, the previous/next buttons. */
  header: ComponentChildren;
  /**
   * The default list with the slides in it. A carousel's buttons and arrow keys work on this element: render it
   * (not `slides` in your own element) to keep them working.
   */
  list: ComponentChildren;
  /** The slides on their own (`role="group"` boxes in a carousel, `<li>` in a grid and a bundle). */
  slides: ComponentChildren[];
  /** A bundle's total and add-all button. */
  footer?: ComponentChildren;
  state: PlacementState;
}

/** Overridable pieces of every widget. */
export interface Templates {
  item?: (props: ItemTemplateProps) => ComponentChildren;
  /** Replaces the title (a carousel keeps its buttons beside it). */
  header?: (props: { title?: string; state: PlacementState }) => ComponentChildren;
  /** Shown instead of collapsing when the placement has no items. */
  empty?: (props: { state: PlacementState }) => ComponentChildren;
  /** Arranges the body inside the region; the default is header, list, footer. */
  layout?: (props: LayoutParts) => ComponentChildren;
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
  /**
   * Locale of the prices (`de-DE`; `de_DE` is read alike). `mount*` (and so the script tag): default the page's
   * `<html lang>`, else the browser's language. Rendered directly (and in React, whose server cannot see either):
   * @default 'en'
   */
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
  /** CMS tiles shown among the items (carousel and grid). */
  promos?: Promotion[];
  /** Where the first promo tile goes. @default 1 */
  promoPosition?: number;
  onPromoClick?: (promotion: Promotion, position: number) => void;
}
