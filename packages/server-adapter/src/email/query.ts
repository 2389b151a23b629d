import { OpaqueId } from '@focal/sdk-core/contracts';
import { CAMPAIGN_PATTERN, EMAIL_LAYOUTS, MAX_EMAIL_ITEMS, type EmailLayout } from '@focal/widgets/email';
import { HttpError } from '../http/errors.js';
import { SITE_KEY } from '../http/site-key-param.js';

/** Placements an email can ask for. `email-for-you` is personal and falls back to best sellers. */
export const EMAIL_PLACEMENTS = ['email-for-you', 'email-best-sellers'] as const;
export type EmailPlacement = (typeof EMAIL_PLACEMENTS)[number];

/** Default lifetime of the links of an email, in days. */
export const DEFAULT_LINK_DAYS = 30;
/** Default campaign name when none is given. */
export const DEFAULT_CAMPAIGN = 'focal-email';

/** The checked query of `GET /v1/email/recommendations.(html|txt)`. */
export interface EmailQuery {
  user: string;
  placement: EmailPlacement;
  layout: EmailLayout;
  columns?: number;
  limit?: number;
  campaign: string;
  site?: string;
  locale?: string;
  currency?: string;
  heading?: string;
  preview?: string;
  button?: string;
  /** Days the links stay valid. */
  linkDays: number;
  /** Only the body block, no document around it. */
  fragment: boolean;
}

/** Every parameter `parseEmailQuery` reads (what `POST /v1/admin/email/sign` accepts in `params`). */
export const EMAIL_QUERY_PARAMS = [
  'user', 'placement', 'layout', 'columns', 'limit', 'campaign', 'site', 'locale', 'currency', 'heading', 'preview', 'button', 'linkDays', 'fragment',
] as const satisfies readonly (keyof EmailQuery)[];

/** What `fragment` takes: `fragment=yes` used to render the whole document, as if it were false. */
const FLAGS = ['1', 'true', '0', 'false'];

function bad(field: string, message: string): HttpError {
  return new HttpError(400, 'invalid_query', message, field);
}

function int(value: string | undefined, field: string, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{1,4}$/.test(value) || Number(value) < min || Number(value) > max) throw bad(field, `${field} must be a whole number from ${min} to ${max}; got ${JSON.stringify(value.slice(0, 40))}`);
  return Number(value);
}

/**
 * Checks the query of an email request; every problem names the parameter and says what to send.
 * @throws HttpError 400 `invalid_query`.
 */
export function parseEmailQuery(query: Record<string, string | undefined>): EmailQuery {
  const user = query.user;
  if (user === undefined || user === '') throw bad('user', 'user is required: the id of the shopper the email is for (your user id, or their anonymous id), e.g. ?user=cust-123');
  if (!OpaqueId.safeParse(user).success) throw bad('user', 'user must be 1-128 characters');
  const placement = query.placement ?? 'email-for-you';
  if (!(EMAIL_PLACEMENTS as readonly string[]).includes(placement)) {
    throw bad('placement', `placement "${placement.slice(0, 64)}" is not an email placement; use one of ${EMAIL_PLACEMENTS.join(', ')}`);
  }
  const layout = query.layout ?? 'row';
  if (!(EMAIL_LAYOUTS as readonly string[]).includes(layout)) {
    throw bad('layout', `layout "${layout.slice(0, 40)}" is not known; use one of ${EMAIL_LAYOUTS.join(', ')} (row: 2-4 products side by side, grid: 2x2, hero: one product)`);
  }
  const campaign = query.campaign ?? DEFAULT_CAMPAIGN;
  if (!CAMPAIGN_PATTERN.test(campaign)) throw bad('campaign', 'campaign must be 1-64 letters, digits, ".", "_" or "-", starting with a letter or digit');
  if (query.site !== undefined && !SITE_KEY.test(query.site)) throw bad('site', 'site must be a site key such as pk_live_shop');
  // an empty value (`currency=` from a template whose variable was blank) is a mistake, not a request for the default:
  // it used to render the email in the site's currency, saying nothing
  if (query.currency === '') throw bad('currency', "currency is empty: give an ISO-4217 code such as EUR, or leave the parameter out for the site's currency (settings.email.currency, else its first product's)");
  if (query.locale === '') throw bad('locale', "locale is empty: give a BCP-47 language tag such as de-DE, or leave the parameter out for the site's locale (settings.email.locale)");
  const fragment = query.fragment;
  if (fragment !== undefined && !FLAGS.includes(fragment)) {
    throw bad('fragment', `fragment must be 1 or true (only the body block), 0 or false (the whole document); got ${JSON.stringify(fragment.slice(0, 20))}`);
  }
  const columns = int(query.columns, 'columns', 2, 4);
  const limit = int(query.limit, 'limit', 1, MAX_EMAIL_ITEMS);
  return {
    user,
    placement: placement as EmailPlacement,
    layout: layout as EmailLayout,
    ...(columns !== undefined ? { columns } : {}),
    ...(limit !== undefined ? { limit } : {}),
    campaign,
    ...(query.site ? { site: query.site } : {}),
    ...(query.locale ? { locale: query.locale } : {}),
    ...(query.currency ? { currency: query.currency } : {}),
    ...(query.heading !== undefined ? { heading: query.heading } : {}),
    ...(query.preview !== undefined ? { preview: query.preview } : {}),
    ...(query.button !== undefined ? { button: query.button } : {}),
    linkDays: int(query.linkDays, 'linkDays', 1, 365) ?? DEFAULT_LINK_DAYS,
    fragment: fragment === '1' || fragment === 'true',
  };
}
