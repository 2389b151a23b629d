import type { EmailOptions, EmailTheme } from '@focal/widgets/email';
import type { Site } from '../store/sites-repo.js';
import type { EmailQuery } from './query.js';

/** What a site may set under `settings.email` (all optional). */
export interface SiteEmailSettings {
  theme?: EmailTheme;
  locale?: string;
  currency?: string;
  heading?: string;
  buttonText?: string;
}

/** The names `settings.email` may use. */
const SITE_EMAIL_SETTINGS = ['theme', 'locale', 'currency', 'heading', 'buttonText'] as const satisfies readonly (keyof SiteEmailSettings)[];
/** The request parameter names written where a site setting was meant. */
const SAID_AS: Record<string, string> = { button: 'buttonText', buttonLabel: 'buttonText', lang: 'locale', language: 'locale' };

/**
 * A site's `settings.email` that cannot be used as written: not an object, or naming a setting there is none of (a
 * `button`, the request's parameter, where `buttonText` was meant), which would otherwise be left out without a word.
 * @returns the setting to fix (`settings.email.<name>`) and what to write, or undefined when it is fine.
 */
export function siteEmailSettingsProblem(site: Site): { field: string; message: string } | undefined {
  const raw = site.settings.email;
  if (raw === undefined) return undefined;
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
    return { field: 'settings.email', message: `settings.email must be an object of ${SITE_EMAIL_SETTINGS.join(', ')}` };
  }
  const unknown = Object.keys(raw).find((key) => !(SITE_EMAIL_SETTINGS as readonly string[]).includes(key));
  if (unknown === undefined) return undefined;
  const name = unknown.slice(0, 64);
  const hint = SAID_AS[name] ? ` (${SAID_AS[name]} is the one meant)` : '';
  return { field: `settings.email.${name}`, message: `settings.email.${name} is not an email setting${hint}; the settings are ${SITE_EMAIL_SETTINGS.join(', ')}` };
}

/**
 * The rendering options of a site's emails: `settings.email` of the site, overridden by the request's `locale`,
 * `currency`, `heading`, `preview` and `button` parameters. Values are checked by `renderEmail` (bad ones answer 400).
 */
export function emailTheme(site: Site, query: EmailQuery): Pick<EmailOptions, 'theme' | 'locale' | 'currency' | 'heading' | 'previewText' | 'buttonText'> {
  const raw = site.settings.email;
  const settings: SiteEmailSettings = raw && typeof raw === 'object' ? raw as SiteEmailSettings : {};
  const pick = <T>(fromQuery: T | undefined, fromSite: T | undefined) => fromQuery ?? fromSite;
  const options: Pick<EmailOptions, 'theme' | 'locale' | 'currency' | 'heading' | 'previewText' | 'buttonText'> = {};
  if (settings.theme) options.theme = settings.theme;
  const locale = pick(query.locale, settings.locale);
  if (locale) options.locale = locale;
  const currency = pick(query.currency, settings.currency);
  if (currency) options.currency = currency;
  const heading = pick(query.heading, settings.heading);
  if (heading !== undefined) options.heading = heading;
  if (query.preview !== undefined) options.previewText = query.preview;
  const button = pick(query.button, settings.buttonText);
  if (button !== undefined) options.buttonText = button;
  return options;
}

/**
 * Whether a `renderEmail` option that was refused (its `EmailOptionsError.field`) came from the site's
 * `settings.email` rather than from the request: the theme always does; `locale`, `currency`, `heading` and
 * `buttonText` do when the request did not give its own (`locale`, `currency`, `heading`, `button`).
 */
export function isSiteSetting(field: string, query: EmailQuery): boolean {
  if (field === 'theme' || field.startsWith('theme.')) return true;
  const fromQuery: Record<string, string | undefined> = { locale: query.locale, currency: query.currency, heading: query.heading, buttonText: query.button };
  return field in fromQuery && fromQuery[field] === undefined;
}
