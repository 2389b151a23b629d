/** A `site=` query parameter of the admin routes: a site key is printable ASCII without spaces (and so never NUL). */
const SITE_KEY_PARAM = /^[\x21-\x7e]{1,200}$/;

/** What a bad `site=` parameter is told. */
export const SITE_KEY_PARAM_RULE = 'site must be a site key (printable characters, no spaces), such as pk_demo';

export const isSiteKeyParam = (value: string): boolean => SITE_KEY_PARAM.test(value);
