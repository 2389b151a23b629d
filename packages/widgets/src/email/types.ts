import type { Candidate, RecommendationResponse } from '@focal/sdk-core/contracts';

/** How the products are laid out. */
export type EmailLayout = 'row' | 'grid' | 'hero';

/** What a link in the email points at; given to the {@link LinkBuilder}. */
export interface EmailLinkTarget {
  /** The product the link opens. */
  item: Candidate;
  /** 0-based position of the product in the email. */
  position: number;
  /** The placement the recommendations came from, e.g. `email-for-you`. */
  placement: string;
  /** The recommendation request id (ties a click back to this email). */
  requestId: string;
  /** The campaign name, when one was given. */
  campaign?: string;
}

/**
 * Builds the `href` of every product link. The adapter passes one that signs each link (`/r/:token`);
 * without one, links go straight to the product with UTM tags.
 */
export type LinkBuilder = (target: EmailLinkTarget) => string;

/** A {@link LinkBuilder} that may answer later (it encrypts or stores the link); for {@link renderEmailAsync}. */
export type AsyncLinkBuilder = (target: EmailLinkTarget) => string | Promise<string>;

/** Colours (`#rgb` or `#rrggbb`) and fonts of the email. */
export interface EmailTheme {
  /** Page background. @default '#f4f4f5' */
  background?: string;
  /** Card (product) background. @default '#ffffff' */
  surface?: string;
  /** Body text. @default '#18181b' */
  text?: string;
  /** Secondary text (brand, reason). @default '#52525b' */
  muted?: string;
  /** Button background and price colour. @default '#1d4ed8' */
  accent?: string;
  /** Button label colour. @default '#ffffff' */
  accentText?: string;
  /** Font stack, letters, digits, spaces, commas, quotes and dashes only. @default 'Arial, Helvetica, sans-serif' */
  fontFamily?: string;
  /** Heading font stack. @default same as `fontFamily` */
  headingFontFamily?: string;
  /** Button corner radius in px (0–24). @default 4 */
  radius?: number;
  /** Dark-mode colours (applied by clients that honour `prefers-color-scheme`). */
  dark?: { background?: string; surface?: string; text?: string; muted?: string; accent?: string; accentText?: string };
}

/** Options of {@link renderEmail}. */
export interface EmailOptions {
  /** `row` (2–4 products side by side), `grid` (2 columns, 2×2 by default) or `hero` (one big product). @default 'row' */
  layout?: EmailLayout;
  /** Products per row for the `row` layout (2–4). @default 3 */
  columns?: number;
  /** Most products shown (1–24). @default columns for `row`, 4 for `grid`, 1 for `hero` */
  limit?: number;
  /** Heading above the products (≤ 120 characters); empty string for none. @default 'Picked for you' */
  heading?: string;
  /** Inbox preview text (≤ 200 characters). @default heading and product names, shortened */
  previewText?: string;
  /** Label of each product's button (≤ 40 characters). @default 'Shop now' */
  buttonText?: string;
  /** BCP-47 locale for prices and the `lang` attribute, extensions included (`en-u-nu-arab`); `de_DE` is read as `de-DE`. @default 'en' */
  locale?: string;
  /** Only show products priced in this ISO-4217 currency (Focal never converts prices); others are skipped. */
  currency?: string;
  /** Campaign name (letters, digits, `-`, `_`, `.`; ≤ 64), used in UTM tags and given to the link builder. */
  campaign?: string;
  /** Builds each product link; see {@link LinkBuilder}. @default product URL + UTM tags */
  link?: LinkBuilder;
  /** Colours and fonts. */
  theme?: EmailTheme;
  /** Title of the HTML document (≤ 120 characters). @default heading */
  title?: string;
}

/** Options of `renderEmailAsync`: those of {@link EmailOptions}, with a link builder that may be asynchronous. */
export interface AsyncEmailOptions extends Omit<EmailOptions, 'link'> {
  /** Builds each product link, possibly asynchronously; see {@link AsyncLinkBuilder}. @default product URL + UTM tags */
  link?: AsyncLinkBuilder;
}

/** Input of {@link renderEmail}: a whole response, or its items with the ids that tie clicks back to it. */
export type EmailRecommendations =
  | RecommendationResponse
  | { items: Candidate[]; placement?: string; requestId?: string };

/** A product that was left out, and why. */
export interface SkippedItem {
  productId: string;
  reason: string;
}

/** What {@link renderEmail} returns. */
export interface EmailRender {
  /** A complete HTML document (doctype, head with dark-mode and mobile CSS, body). */
  html: string;
  /** The body block alone, every style inlined, for pasting into an existing template; empty when no product is shown. */
  fragment: string;
  /** The plain-text part; empty when no product is shown. */
  text: string;
  /** The preview text used. */
  previewText: string;
  /** The products shown, in order, with the position used in their links. */
  shown: { productId: string; position: number; href: string }[];
  /** Products left out (wrong currency, unusable URL, past the limit is not listed). */
  skipped: SkippedItem[];
}
