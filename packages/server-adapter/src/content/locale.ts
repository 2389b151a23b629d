/**
 * Per-request promotion locales: the shop's page says which language it is in (`GET /v1/content?locale=fr-CA`, sent by
 * the SDK from the widget's `locale` or the page's `<html lang>`), and the adapter maps it to one of the CMS locales
 * the configuration lists, falling back to the default locale. Only configured locales are ever fetched or cached, so
 * a request cannot make the adapter call the CMS for a locale it does not have.
 */

/** The longest locale a request may name (BCP 47 tags in use are far shorter). */
export const MAX_LOCALE_LENGTH = 35;

/** A locale tag in its canonical spelling (`fr-ca` → `fr-CA`), or undefined when it is not a BCP 47 language tag. */
export function canonicalLocale(value: string): string | undefined {
  if (value.length > MAX_LOCALE_LENGTH || !/^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$/.test(value)) return undefined;
  try {
    return Intl.getCanonicalLocales(value)[0];
  } catch {
    return undefined;
  }
}

/**
 * The CMS locale to serve for a requested one, among `available` (the CMS's own codes, e.g. Contentful `fr-FR`,
 * Storyblok `fr`): the same tag (any case), else the request with its last subtags dropped (`zh-Hant-TW` → `zh-Hant`
 * → `zh`), else the first one in the same language (`fr-CA` → `fr-FR`). Undefined when none matches: the caller
 * serves its default locale.
 *
 * @example matchLocale('fr-CA', ['en-US', 'fr-FR']) // 'fr-FR'
 */
export function matchLocale(requested: string | undefined, available: readonly string[]): string | undefined {
  const wanted = requested && canonicalLocale(requested)?.toLowerCase();
  if (!wanted) return undefined;
  const codes = available.map((code) => [code, (canonicalLocale(code) ?? code).toLowerCase()] as const);
  for (let tag = wanted; tag; tag = tag.includes('-') ? tag.slice(0, tag.lastIndexOf('-')) : '') {
    const exact = codes.find(([, lower]) => lower === tag);
    if (exact) return exact[0];
  }
  const language = wanted.split('-')[0];
  return codes.find(([, lower]) => lower.split('-')[0] === language)?.[0];
}
