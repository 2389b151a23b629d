import { z } from 'zod';
import { SITE_KEY } from '../http/site-key-param.js';
import { DEFAULT_ERASURE_RETENTION_DAYS } from '../profiles/erasures.js';

const Origin = z.string().regex(/^https?:\/\/[^/\s]+$/, 'must be an origin such as https://shop.example (scheme and host, no path)');

/**
 * Where the public reaches this adapter: an absolute http(s) URL, optionally with a path prefix (a proxy that mounts
 * the adapter under `/focal`), no query, fragment or credentials. A trailing `/` is dropped, so `<publicUrl>/r/…` is
 * well formed.
 */
export const PublicUrl = z.string().superRefine((value, ctx) => {
  const example = 'such as https://focal.shop.example (the address email recipients and your email service reach this adapter at)';
  if (!URL.canParse(value) || !/^https?:\/\//i.test(value)) {
    ctx.addIssue({ code: 'custom', message: `must be an absolute http(s) URL ${example}; got ${JSON.stringify(value.slice(0, 80))}` });
    return;
  }
  const url = new URL(value);
  if (url.search || url.hash || value.includes('?') || value.includes('#')) {
    ctx.addIssue({ code: 'custom', message: `must not have a query (?…) or fragment (#…): links are built by appending paths to it; got ${JSON.stringify(value.slice(0, 80))}` });
  }
  if (url.username || url.password) {
    ctx.addIssue({ code: 'custom', message: 'must not contain a user name or password: it is printed in every email link' });
  }
}).transform((value) => {
  const url = new URL(value);
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
});

/** A site declared in the config file (created or updated at start). */
export const SiteConfig = z.object({
  siteKey: z.string().regex(SITE_KEY, 'must look like pk_ followed by 3-64 letters, digits or _'),
  name: z.string().min(1).default('Site'),
  allowedOrigins: z.array(Origin).default([]),
  settings: z.record(z.string(), z.unknown()).default({}),
});

/** User tokens: JWTs from the retailer's auth server. Give `jwksUrl` or `secret`. */
export const JwtConfig = z.object({
  jwksUrl: z.url().optional(),
  /** Shared secret for HS256/384/512. */
  secret: z.string().min(32, 'must be at least 32 characters').optional(),
  algorithms: z.array(z.enum(['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA', 'HS256', 'HS384', 'HS512'])).min(1),
  issuer: z.string().min(1),
  audience: z.string().min(1),
  clockToleranceSeconds: z.number().int().min(0).max(300).default(30),
}).refine((v) => Boolean(v.jwksUrl) !== Boolean(v.secret), { message: 'give exactly one of jwksUrl or secret' })
  .refine((v) => !v.secret || v.algorithms.every((a) => a.startsWith('HS')), {
    message: 'a shared secret only works with HS256/HS384/HS512 algorithms', path: ['algorithms'],
  });

/** A section no module reads: present at all, it is refused with `message`. */
const nowhere = (message: string) => z.unknown().optional().superRefine((value, ctx) => {
  if (value !== undefined) ctx.addIssue({ code: 'custom', message });
});

/** The whole adapter configuration, after defaults. */
export const AdapterConfigSchema = z.strictObject({
  port: z.number().int().min(0).max(65535).default(8787),
  host: z.string().min(1).default('127.0.0.1'),
  dataDir: z.string().min(1).default('.focal-data'),
  databaseUrl: z.string().regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://').optional(),
  redisUrl: z.string().regex(/^rediss?:\/\//, 'must start with redis:// or rediss://').optional(),
  /**
   * Namespace of this adapter's keys in the shared Redis answer cache (`focal:rec:<namespace>:…`) and rate limits
   * (`focal:rl:<namespace>:…`). Default: the store's identity (`store.identity()`), so adapters on different databases
   * sharing one Redis never serve each other's answers nor share a request budget, and the processes of one database
   * share both. Set it only to tell apart copies of one database
   * made byte for byte (they keep its identity).
   */
  cacheNamespace: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'must be 1-64 letters, digits, _, . or - (e.g. staging, shop-eu)').optional(),
  adminKey: z.string().min(16, 'must be at least 16 characters (use a long random secret)').optional(),
  /** Body limit of every request, in bytes. */
  maxBodyBytes: z.number().int().min(1024).max(16 * 1024 * 1024).default(1024 * 1024),
  /**
   * The adapter's public address, used for the links it hands out (email click links `/r/…`, signed email URLs)
   * instead of the address a request came in on (an internal host, or `http://` behind a TLS-terminating proxy).
   */
  publicUrl: PublicUrl.optional(),
  /** Use X-Forwarded-For for the client address (only behind a trusted load balancer). */
  trustProxy: z.boolean().default(false),
  jwt: JwtConfig.optional(),
  rateLimit: z.object({
    /** Requests per window per site key (or admin) and client address; 0 turns limiting off. */
    max: z.number().int().min(0).default(1200),
    windowSeconds: z.number().int().min(1).max(3600).default(60),
  }).default({ max: 1200, windowSeconds: 60 }),
  /**
   * Days a GDPR erasure's row (`shopper_erasures`: the erased shopper's ids, which every adapter process reads to
   * forget them) is kept before it is deleted. An index not synced for half of it is rebuilt from the store.
   */
  erasureRetentionDays: z.number().int().min(1).max(3650).default(DEFAULT_ERASURE_RETENTION_DAYS),
  /** `info` writes one JSON line per request to stdout; `silent` writes nothing. */
  log: z.enum(['info', 'error', 'silent']).default('info'),
  sites: z.array(SiteConfig).default([]),
  /**
   * Sections owned and validated by feature modules (their parsers report their own mistakes):
   * `placements` (src/recommend), `content` (src/content).
   */
  placements: z.unknown().optional(),
  content: z.unknown().optional(),
  /** No module reads these sections: settings written there were dropped unseen, so they are refused, saying where those settings go. */
  email: nowhere('the email endpoint reads no setting from here: give each site its defaults in sites[].settings.email (theme, locale, currency, heading, buttonText) and settings.shopUrl, the link secret in FOCAL_LINK_SECRET and the links\' address in publicUrl'),
  training: nowhere('training reads no setting from here: give focal-adapter train its flags (--site, --out, --epochs, --seed, --no-activate)'),
  /** Where static browser assets come from (defaults: the monorepo's folders). */
  assets: z.object({
    widgetsDir: z.string().optional(),
    modelsDir: z.string().optional(),
    ortDir: z.string().optional(),
  }).default({}),
});
export type AdapterConfig = z.infer<typeof AdapterConfigSchema>;
export type AdapterConfigInput = z.input<typeof AdapterConfigSchema>;
