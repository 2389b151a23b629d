export { renderEmail, renderEmailAsync } from './render.js';
export { EmailOptionsError } from './errors.js';
export { withUtm, type UtmInfo } from './utm.js';
/** The web widgets' `focal_rid`/`focal_pl`/`focal_pos` link tags, so a product page tags its view after an email click too. */
export { withAttribution } from '../templates/attribution.js';
export { formatPrice } from './format.js';
export { MAX_PREVIEW_TEXT, MAX_EMAIL_ITEMS, EMAIL_LAYOUTS, CAMPAIGN_PATTERN } from './options.js';
export { DEFAULT_THEME } from './theme.js';
export type {
  AsyncEmailOptions, AsyncLinkBuilder, EmailLayout, EmailLinkTarget, EmailOptions, EmailRecommendations, EmailRender, EmailTheme, LinkBuilder, SkippedItem,
} from './types.js';
