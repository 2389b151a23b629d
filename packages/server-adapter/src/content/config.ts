import { z } from 'zod';
import { canonicalLocale } from './locale.js';
import { isTimeZone } from './normalise.js';

/** A CMS locale code, checked as a BCP 47 tag (`fr-FR`, `fr`, `pt-br`); kept as the CMS spells it. */
const LocaleCode = z.string().refine((code) => canonicalLocale(code) !== undefined, { error: 'must be a locale code such as "fr-FR" or "fr"' });

/**
 * Content (CMS promotions) configuration: the `content` section of `focal.config.json`, or the environment
 * variables read by {@link contentConfigFromEnv}. A setting it does not know (a misspelt `contentful.locale`, which
 * would serve every shopper the space's default language) is refused, naming it, as in the rest of the file.
 */
export const ContentConfig = z.strictObject({
  provider: z.enum(['local', 'contentful', 'storyblok']).default('local'),
  /** Local provider: JSON file of promotions (default: the package's demo promotions). */
  file: z.string().min(1).optional(),
  /** Seconds fetched content counts as fresh. */
  cacheTtlSeconds: z.number().int().min(0).max(86_400).default(60),
  /** Timeout of one CMS call, in ms. */
  timeoutMs: z.number().int().min(50).max(30_000).default(2_000),
  /** Consecutive failures that open the circuit, and seconds before a trial call. */
  breaker: z.strictObject({
    failureThreshold: z.number().int().min(1).max(100).default(3),
    cooldownSeconds: z.number().int().min(1).max(3_600).default(30),
  }).default({ failureThreshold: 3, cooldownSeconds: 30 }),
  contentful: z.strictObject({
    spaceId: z.string().min(1),
    environment: z.string().min(1).default('master'),
    accessToken: z.string().min(1),
    /** The default locale (pages in none of `locales`); the space's default when absent. */
    locale: LocaleCode.optional(),
    /** The other locales a shop's page may be served in (`GET /v1/content?locale=`), e.g. ["fr-FR", "de-DE"]. */
    locales: z.array(LocaleCode).max(50).optional(),
    contentTypeId: z.string().min(1).default('promotion'),
    /** The shop's time zone: dates and times written without a zone are its wall-clock times. */
    timeZone: z.string().refine(isTimeZone, { error: 'must be a time zone name such as "Europe/Paris" or "UTC"' }).optional(),
    host: z.url().default('https://cdn.contentful.com'),
    /** Webhook signing secret (request verification), 64 characters. */
    webhookSecret: z.string().min(16).optional(),
  }).optional(),
  storyblok: z.strictObject({
    token: z.string().min(1),
    version: z.enum(['published', 'draft']).default('published'),
    region: z.enum(['eu', 'us', 'ca', 'ap', 'cn']).default('eu'),
    baseUrl: z.url().optional(),
    startsWith: z.string().default('promotions/'),
    component: z.string().min(1).default('promotion'),
    /** The default language (pages in none of `languages`); the space's default language when absent. */
    language: LocaleCode.optional(),
    /** The other language codes a shop's page may be served in (`GET /v1/content?locale=`), e.g. ["fr", "de"]. */
    languages: z.array(LocaleCode).max(50).optional(),
    /** Webhook secret: Storyblok signs the body with HMAC-SHA1 in `webhook-signature`. */
    webhookSecret: z.string().min(8).optional(),
  }).optional(),
}).superRefine((value, ctx) => {
  if (value.provider === 'contentful' && !value.contentful) {
    ctx.addIssue({ code: 'custom', path: ['contentful'], message: 'provider "contentful" needs contentful.spaceId and contentful.accessToken (CONTENTFUL_SPACE_ID, CONTENTFUL_ACCESS_TOKEN)' });
  }
  if (value.provider === 'storyblok' && !value.storyblok) {
    ctx.addIssue({ code: 'custom', path: ['storyblok'], message: 'provider "storyblok" needs storyblok.token (STORYBLOK_TOKEN)' });
  }
});
export type ContentConfig = z.infer<typeof ContentConfig>;
export type ContentConfigInput = z.input<typeof ContentConfig>;

type Env = Record<string, string | undefined>;

/** A comma-separated list (`fr-FR, de-DE`), or undefined when unset. */
function list(env: Env, name: string): string[] | undefined {
  const value = env[name];
  return value === undefined || value.trim() === '' ? undefined : value.split(',').map((s) => s.trim()).filter(Boolean);
}

function num(env: Env, name: string): number | undefined {
  const value = env[name];
  return value === undefined || value === '' ? undefined : Number(value);
}

function defined<T extends Record<string, unknown>>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined && v !== '')) as T;
}

/**
 * Content configuration from environment variables: `FOCAL_CONTENT_PROVIDER` (local | contentful | storyblok),
 * `FOCAL_CONTENT_FILE`, `FOCAL_CONTENT_TTL_SECONDS`, `FOCAL_CONTENT_TIMEOUT_MS`; `CONTENTFUL_SPACE_ID`,
 * `CONTENTFUL_ENVIRONMENT`, `CONTENTFUL_ACCESS_TOKEN`, `CONTENTFUL_LOCALE`, `CONTENTFUL_LOCALES` (comma-separated), `CONTENTFUL_TIME_ZONE`, `CONTENTFUL_CONTENT_TYPE`,
 * `CONTENTFUL_HOST`, `CONTENTFUL_WEBHOOK_SECRET`; `STORYBLOK_TOKEN`, `STORYBLOK_VERSION`, `STORYBLOK_REGION`,
 * `STORYBLOK_BASE_URL`, `STORYBLOK_STARTS_WITH`, `STORYBLOK_COMPONENT`, `STORYBLOK_LANGUAGE`, `STORYBLOK_LANGUAGES`
 * (comma-separated), `STORYBLOK_WEBHOOK_SECRET`.
 */
export function contentConfigFromEnv(env: Env): ContentConfigInput {
  const contentful = defined({
    spaceId: env.CONTENTFUL_SPACE_ID, environment: env.CONTENTFUL_ENVIRONMENT, accessToken: env.CONTENTFUL_ACCESS_TOKEN,
    locale: env.CONTENTFUL_LOCALE, locales: list(env, 'CONTENTFUL_LOCALES'), timeZone: env.CONTENTFUL_TIME_ZONE, contentTypeId: env.CONTENTFUL_CONTENT_TYPE, host: env.CONTENTFUL_HOST,
    webhookSecret: env.CONTENTFUL_WEBHOOK_SECRET,
  });
  const storyblok = defined({
    token: env.STORYBLOK_TOKEN, version: env.STORYBLOK_VERSION, region: env.STORYBLOK_REGION, baseUrl: env.STORYBLOK_BASE_URL,
    startsWith: env.STORYBLOK_STARTS_WITH, component: env.STORYBLOK_COMPONENT, language: env.STORYBLOK_LANGUAGE,
    languages: list(env, 'STORYBLOK_LANGUAGES'),
    webhookSecret: env.STORYBLOK_WEBHOOK_SECRET,
  });
  return defined({
    provider: env.FOCAL_CONTENT_PROVIDER as ContentConfigInput['provider'],
    file: env.FOCAL_CONTENT_FILE,
    cacheTtlSeconds: num(env, 'FOCAL_CONTENT_TTL_SECONDS'),
    timeoutMs: num(env, 'FOCAL_CONTENT_TIMEOUT_MS'),
    contentful: Object.keys(contentful).length ? contentful as ContentConfigInput['contentful'] : undefined,
    storyblok: Object.keys(storyblok).length ? storyblok as ContentConfigInput['storyblok'] : undefined,
  });
}

/** Parses content configuration, throwing one message that lists every mistake and the field to fix. */
export function parseContentConfig(input: unknown): ContentConfig {
  const parsed = ContentConfig.safeParse(input ?? {});
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((i) => `${['content', ...i.path.map(String)].join('.')}: ${i.code === 'unrecognized_keys' ? `unknown setting(s) ${i.keys.join(', ')}` : i.message}`);
  throw new Error(`invalid content configuration:\n  ${problems.join('\n  ')}`);
}
