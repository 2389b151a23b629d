/**
 * The form of a site key, `pk_` then 3–64 letters, digits or `_`: what the config accepts, and what the site-key
 * header, CORS and the email routes test before looking a site up.
 */
export const SITE_KEY = /^pk_[A-Za-z0-9_]{3,64}$/;

/** A `site=` query parameter of the admin routes: a site key is printable ASCII without spaces (and so never NUL). */
const SITE_KEY_PARAM = /^[\x21-\x7e]{1,200}$/;

/** What a bad `site=` parameter is told. */
export const SITE_KEY_PARAM_RULE = 'site must be a site key (printable characters, no spaces), such as pk_demo';

export const isSiteKeyParam = (value: string): boolean => SITE_KEY_PARAM.test(value);
