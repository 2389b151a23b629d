export { renderEmail } from './render.js';
export { EmailOptionsError } from './errors.js';
export { withUtm, type UtmInfo } from './utm.js';
export { formatPrice } from './format.js';
export { MAX_PREVIEW_TEXT, MAX_EMAIL_ITEMS, EMAIL_LAYOUTS, CAMPAIGN_PATTERN } from './options.js';
export { DEFAULT_THEME } from './theme.js';
export type {
  EmailLayout, EmailLinkTarget, EmailOptions, EmailRecommendations, EmailRender, EmailTheme, LinkBuilder, SkippedItem,
} from './types.js';
