/**
 * Attribution rules of the report, and where they are configured.
 *
 * An order line (or an add-to-cart) is attributed to a recommendation click of the SAME product when either
 * - web: the shopper (same `anonymousId`) clicked it in a Focal placement earlier in the same session, a session
 *   being a run of the shopper's events with no gap longer than `sessionIdleMinutes` (default 30); or
 * - email: the same shopper clicked it in an email (`channel: 'email'`) at most `emailWindowHours` (default 24)
 *   before: the same `userId` for a click that carries one (an email sent to a signed-in customer), else the same
 *   `anonymousId` (an email sent to an anonymous visitor; still theirs after they sign in on that browser, as
 *   `identify` keeps the anonymous id).
 * When several clicks qualify (clicked twice, or in two placements, or web and email) the LAST click before the order
 * wins, so an order line is counted once, for one placement/strategy/variant/model version.
 * Clicks older than `max(emailWindowHours, 24 h)` before the start of the range are not looked at.
 *
 * Configure per site in the config file: `sites[].settings.attribution = { sessionIdleMinutes, emailWindowHours }`,
 * or per run with `focal-adapter report --session-minutes --email-hours`.
 */
export interface AttributionOptions {
  /** Longest gap between two events of one session, in minutes. @default 30 */
  sessionIdleMinutes: number;
  /** How long an email click may lead to an order or add-to-cart, in hours. @default 24 */
  emailWindowHours: number;
}

export const DEFAULT_ATTRIBUTION: AttributionOptions = { sessionIdleMinutes: 30, emailWindowHours: 24 };

/** A window setting that cannot be used; the message names the setting and the accepted range. */
export class AttributionOptionsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AttributionOptionsError';
  }
}

function check(value: unknown, name: string, max: number, fallback: number): number {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || value > max) {
    throw new AttributionOptionsError(`${name} must be a number greater than 0 and at most ${max}, got ${JSON.stringify(value)}`);
  }
  return value;
}

/**
 * The attribution options of a site: `settings.attribution` over the defaults, then `overrides`.
 * @throws AttributionOptionsError naming the bad setting.
 */
export function attributionOptions(settings: Record<string, unknown> | undefined, overrides: Partial<AttributionOptions> = {}): AttributionOptions {
  const fromSite = (settings?.attribution ?? {}) as Record<string, unknown>;
  const merged = { ...fromSite, ...Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined)) };
  return {
    sessionIdleMinutes: check(merged.sessionIdleMinutes, 'attribution.sessionIdleMinutes', 24 * 60, DEFAULT_ATTRIBUTION.sessionIdleMinutes),
    emailWindowHours: check(merged.emailWindowHours, 'attribution.emailWindowHours', 30 * 24, DEFAULT_ATTRIBUTION.emailWindowHours),
  };
}
