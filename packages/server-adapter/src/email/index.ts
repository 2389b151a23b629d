export { emailRoutes, type EmailRoutesOptions } from './routes.js';
export { emailCandidates, BEST_SELLER_DAYS, type EmailCandidates, type PersonalSource } from './recommender.js';
export { parseEmailQuery, EMAIL_PLACEMENTS, DEFAULT_CAMPAIGN, DEFAULT_LINK_DAYS, type EmailQuery, type EmailPlacement } from './query.js';
export { signLinkToken, verifyLinkToken, urlSignature, type LinkClaims, type TokenProblem } from './token.js';
export { emailCampaignsRepo, type EmailCampaignsRepo } from './campaigns-repo.js';
export { loadLinkSecret, MIN_LINK_SECRET_LENGTH } from './secret.js';
export { clickEventId, emailClickEvent, CLICK_DEDUP_WINDOW_MS } from './click.js';
export { purchasedProductIds, bestSellerIds, hasHistory } from './history.js';
export type { SiteEmailSettings } from './theme-settings.js';
