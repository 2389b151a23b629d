import { EmailOptionsError } from './errors.js';
import { resolveTheme, type ResolvedTheme } from './theme.js';
import type { EmailLayout, EmailOptions, LinkBuilder } from './types.js';

/** Largest preview text, in characters. */
export const MAX_PREVIEW_TEXT = 200;
/** Most products one email block shows. */
export const MAX_EMAIL_ITEMS = 24;
export const EMAIL_LAYOUTS: readonly EmailLayout[] = ['row', 'grid', 'hero'];
/** Campaign names: they travel in UTM tags and signed tokens. */
export const CAMPAIGN_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** Options with every default filled in and every value checked. */
export interface ResolvedOptions {
  layout: EmailLayout;
  columns: number;
  limit: number;
  heading: string;
  previewText: string | undefined;
  buttonText: string;
  locale: string;
  /** `rtl` for a locale written right to left (Arabic, Hebrew, Persian, Urdu, Thaana, … scripts), else `ltr`. */
  dir: 'ltr' | 'rtl';
  currency: string | undefined;
  campaign: string | undefined;
  link: LinkBuilder | undefined;
  theme: ResolvedTheme;
  title: string;
}

function text(value: unknown, field: string, max: number, fallback: string): string {
  if (value === undefined) return fallback;
  if (typeof value !== 'string') throw new EmailOptionsError(field, `must be text; got ${typeof value}`);
  const trimmed = value.replace(/\s+/g, ' ').trim();
  if ([...trimmed].length > max) throw new EmailOptionsError(field, `must be at most ${max} characters; got ${[...trimmed].length}. Shorten it`);
  return trimmed;
}

function wholeNumber(value: unknown, field: string, min: number, max: number, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new EmailOptionsError(field, `must be a whole number from ${min} to ${max}; got ${JSON.stringify(value)}`);
  }
  return value;
}

/**
 * The canonical form of a BCP-47 language tag, as `Intl` reads it: extensions included (`en-u-nu-arab` for
 * Arabic-Indic digits, `de-DE-u-co-phonebk`, `zh-Hant-TW`, `en-US-x-shop`); `de-de` becomes `de-DE`. A tag written
 * with underscores, as server templates and PHP write it (`de_DE`), is read as `de-DE`, as the widgets' `formatPrice` reads it.
 * The language is 2 or 3 letters: a word such as `english` is refused.
 */
function locale(value: unknown): string {
  if (value === undefined) return 'en';
  const refuse = () => new EmailOptionsError('locale', `must be a BCP-47 language tag like "en", "de-DE", "fr-BE" or "en-u-nu-arab"; got ${
    typeof value === 'string' ? JSON.stringify(value.length > 64 ? `${value.slice(0, 64)}…` : value) : typeof value}`);
  if (typeof value !== 'string' || value === '') throw refuse();
  try {
    const [canonical] = Intl.getCanonicalLocales(value.replace(/_/g, '-'));
    // Intl lets a 5–8 letter language subtag through (`english`, `german-DE`): reserved, never assigned, a mistake
    if (!canonical || !/^[a-z]{2,3}(-|$)/.test(canonical)) throw refuse();
    return canonical;
  } catch {
    throw refuse();
  }
}

/** Scripts written right to left (ISO 15924), as `Intl.Locale#maximize` names them. */
const RTL_SCRIPTS = new Set(['Arab', 'Hebr', 'Thaa', 'Syrc', 'Nkoo', 'Adlm', 'Rohg', 'Mand', 'Samr', 'Yezi']);

/** Writing direction of a (canonical) locale, from its likely script: `ar-KW`, `he`, `fa`, `ur`, `az-Arab` are `rtl`. */
function direction(tag: string): 'ltr' | 'rtl' {
  try {
    return RTL_SCRIPTS.has(new Intl.Locale(tag).maximize().script ?? '') ? 'rtl' : 'ltr';
  } catch {
    return 'ltr';
  }
}

/**
 * Checks the options of `renderEmail` and fills in the defaults.
 * @throws EmailOptionsError naming the bad option and saying what is expected.
 */
export function resolveOptions(options: EmailOptions | undefined): ResolvedOptions {
  const o = options ?? {};
  if (typeof o !== 'object' || o === null) throw new EmailOptionsError('options', 'must be an object');
  const layout = o.layout ?? 'row';
  if (!EMAIL_LAYOUTS.includes(layout)) {
    throw new EmailOptionsError('layout', `must be one of ${EMAIL_LAYOUTS.map((l) => `"${l}"`).join(', ')}; got ${JSON.stringify(layout)}`);
  }
  const columns = wholeNumber(o.columns, 'columns', 2, 4, 3);
  const defaultLimit = layout === 'row' ? columns : layout === 'grid' ? 4 : 1;
  const limit = wholeNumber(o.limit, 'limit', 1, MAX_EMAIL_ITEMS, defaultLimit);
  const heading = text(o.heading, 'heading', 120, 'Picked for you');
  const previewText = o.previewText === undefined ? undefined : text(o.previewText, 'previewText', MAX_PREVIEW_TEXT, '');
  const buttonText = text(o.buttonText, 'buttonText', 40, 'Shop now');
  if (!buttonText) throw new EmailOptionsError('buttonText', 'must not be empty: it is the only link label Outlook shows on the button');
  if (o.currency !== undefined && (typeof o.currency !== 'string' || !/^[A-Z]{3}$/.test(o.currency))) {
    throw new EmailOptionsError('currency', `must be an ISO-4217 code like "EUR"; got ${JSON.stringify(o.currency)}`);
  }
  if (o.campaign !== undefined && (typeof o.campaign !== 'string' || !CAMPAIGN_PATTERN.test(o.campaign))) {
    throw new EmailOptionsError('campaign', `must be 1–64 letters, digits, ".", "_" or "-", starting with a letter or digit; got ${JSON.stringify(o.campaign)}`);
  }
  if (o.link !== undefined && typeof o.link !== 'function') {
    throw new EmailOptionsError('link', 'must be a function (target) => URL string');
  }
  const tag = locale(o.locale);
  return {
    layout,
    columns,
    limit,
    heading,
    previewText,
    buttonText,
    locale: tag,
    dir: direction(tag),
    currency: o.currency,
    campaign: o.campaign,
    link: o.link,
    theme: resolveTheme(o.theme),
    title: text(o.title, 'title', 120, heading || 'Recommended for you'),
  };
}
