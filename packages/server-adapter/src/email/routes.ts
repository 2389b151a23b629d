import { Hono } from 'hono';
import { EmailOptionsError, renderEmailAsync, type EmailOptions } from '@focal/widgets/email';
import { bearerToken } from '../auth/admin.js';
import type { AppContext, AppEnv, FocalContext } from '../http/context.js';
import { readJson } from '../http/body.js';
import { HttpError } from '../http/errors.js';
import { queryChecker } from '../http/query-params.js';
import { queryOf } from '../http/request-parts.js';
import { SITE_KEY } from '../http/site-key-param.js';
import type { Site } from '../store/sites-repo.js';
import { emailCampaignsRepo } from './campaigns-repo.js';
import { emailCandidates, type PersonalSource } from './recommender.js';
import { emailPersonalSourceOf } from './personal.js';
import { EMAIL_QUERY_PARAMS, parseEmailQuery, type EmailQuery } from './query.js';
import { checkLinkSecret, loadLinkSecret } from './secret.js';
import { signLinkToken, urlSignature, urlSignatureMatches, type LinkClaims } from './token.js';
import { clickRedirect } from './redirect.js';
import { emailTheme, isSiteSetting, siteEmailSettingsProblem } from './theme-settings.js';

/** Options of {@link emailRoutes} beyond the shared context. */
export interface EmailRoutesOptions {
  /** Personalised candidates (the recommendation service); without it every email shows best sellers. */
  personal?: PersonalSource;
  /** Clock, epoch ms (tests). */
  now?: () => number;
  /** Environment (`FOCAL_LINK_SECRET`). */
  env?: Record<string, string | undefined>;
}

const EMAIL_PATH = /^\/v1\/email\/recommendations\.(html|txt)$/;

/** The query parameters of the renderer's options whose names differ (`EmailOptionsError.field` → parameter). */
const QUERY_PARAMS: Record<string, string> = { previewText: 'preview', buttonText: 'button' };

/**
 * `utm_*` tags, which an email service's link tracking or a campaign tool may append to the URLs it fetches: taken and
 * never read, and left out of a signed URL's signature (signing never puts them in: `POST /v1/admin/email/sign`
 * refuses them), so a tag added after signing does not break the URL.
 */
const isUtm = (name: string) => name.startsWith('utm_');

/** The email's parameters, a signed URL's `expires` and `sig`; anything else (`lyout=hero`) is refused. */
const checkQuery = queryChecker({
  route: 'GET /v1/email/recommendations.html|.txt', accepted: [...EMAIL_QUERY_PARAMS, 'expires', 'sig'],
  ignored: { test: isUtm, described: 'utm_* tags, which are ignored' },
});

/** The kill switch reads `site` alone (a typo such as `sit=pk_b` would expire the campaign of the only site). */
const checkExpireQuery = queryChecker({ route: 'POST /v1/admin/email/campaigns/:campaign/expire', accepted: ['site'] });
/** Signing reads its body only: `?user=` here would be dropped (the parameters to sign go in `params`). */
const checkSignQuery = queryChecker({ route: 'POST /v1/admin/email/sign', accepted: [] });

/**
 * The email feature: `GET /v1/email/recommendations.html|.txt` (admin key or signed URL), `GET /r/:token` (signed
 * click redirect that records a `rec_click`), `POST /v1/admin/email/campaigns/:campaign/expire?site=` (a site's kill
 * switch) and
 * `POST /v1/admin/email/sign` (signed URLs for an email service).
 */
export function emailRoutes(ctx: AppContext, options: EmailRoutesOptions = {}): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const now = options.now ?? Date.now;
  const campaigns = emailCampaignsRepo(ctx.sql);
  checkLinkSecret(options.env ?? process.env); // a short FOCAL_LINK_SECRET stops the start, naming it
  let secret: Promise<string> | undefined;
  const linkSecret = () => (secret ??= loadLinkSecret(ctx.sql, options.env ?? process.env).catch((error) => { secret = undefined; throw error; }));

  /** Admin key, or a signed URL (`expires` + `sig`) made by `POST /v1/admin/email/sign`. */
  const authorize = async (c: FocalContext) => {
    const presented = bearerToken(c.req.header('authorization'));
    if (presented) {
      if (!ctx.config.adminKey) throw new HttpError(403, 'admin_disabled', 'admin routes are off: set FOCAL_ADMIN_KEY, or use a signed URL');
      ctx.auth.checkAdminKey(c, presented); // wrong keys count per address, as on every admin route
      return;
    }
    const url = new URL(c.req.url);
    const sig = url.searchParams.get('sig');
    const expires = url.searchParams.get('expires');
    if (!sig) throw new HttpError(401, 'unauthorized', 'send the admin key as Authorization: Bearer <key>, or use a signed URL from POST /v1/admin/email/sign');
    if (!expires || !/^\d{1,12}$/.test(expires)) throw new HttpError(401, 'invalid_signature', 'a signed URL needs expires (epoch seconds) and sig; make one with POST /v1/admin/email/sign');
    const path = url.pathname.replace(/\.txt$/, '.html');
    const key = await linkSecret();
    // as signed; else without the utm_* tags something appended after signing (a URL signed with them, by an older
    // adapter, still matches as it was)
    const untagged = new URLSearchParams([...url.searchParams].filter(([name]) => !isUtm(name)));
    if (!urlSignatureMatches(sig, urlSignature(path, url.searchParams, key))
      && !(untagged.size < url.searchParams.size && urlSignatureMatches(sig, urlSignature(path, untagged, key)))) {
      throw new HttpError(401, 'invalid_signature', 'the URL signature does not match its parameters; sign the exact URL again');
    }
    if (Number(expires) * 1000 <= now()) throw new HttpError(410, 'url_expired', 'this signed URL has expired; sign a new one');
  };

  /**
   * Where links point: the configured `publicUrl` (the address recipients and the email service reach), else the
   * origin the request came in on, which is only right when nothing stands between them and the adapter.
   */
  const publicBase = (c: FocalContext) => ctx.config.publicUrl ?? new URL(c.req.url).origin;

  const siteOf = async (key: string | undefined): Promise<Site> => {
    if (key) {
      const site = await ctx.store.sites.get(key);
      if (!site) throw new HttpError(404, 'unknown_site', `site "${key}" is not known to this adapter`, 'site');
      return site;
    }
    const sites = await ctx.store.sites.list();
    if (sites.length === 1) return sites[0]!;
    throw new HttpError(400, 'invalid_query', sites.length ? `this adapter serves ${sites.length} sites; say which with ?site=<site key>` : 'this adapter has no site yet; create one first', 'site');
  };

  const render = async (c: FocalContext, format: 'html' | 'txt') => {
    checkQuery(new URL(c.req.url).searchParams); // a typo named, before a signed URL's signature would refuse it
    await authorize(c);
    const query: EmailQuery = parseEmailQuery(c.req.query());
    const site = await siteOf(query.site);
    const settingsProblem = siteEmailSettingsProblem(site);
    if (settingsProblem) {
      // a setting the operator meant and the email would go out without: only they can fix it, as a wrong value
      throw new HttpError(500, 'invalid_site_settings', `site "${site.siteKey}": ${settingsProblem.message}; fix the site's settings (sites[].settings.email), the request is fine`, settingsProblem.field);
    }
    const killed = await campaigns.expiredAt(site.siteKey, query.campaign);
    if (killed) throw new HttpError(410, 'campaign_expired', `campaign "${query.campaign}" of site "${site.siteKey}" was expired at ${killed}; use a new campaign name`, 'campaign');
    const at = now();
    const limit = query.limit ?? (query.layout === 'hero' ? 1 : query.layout === 'grid' ? 4 : query.columns ?? 3);
    const personal = query.placement === 'email-for-you' ? options.personal ?? emailPersonalSourceOf(ctx) : undefined;
    const theme = emailTheme(site, query);
    const { response, source, excluded, idKind } = await emailCandidates(ctx.store, site, {
      shopper: query.user, placement: query.placement, limit, now: new Date(at),
      ...(theme.currency ? { currency: theme.currency } : {}),
      ...(personal ? { personal } : {}),
      onPersonalError: (error) => ctx.logger.error('email: personal recommendations failed, showing best sellers', { error: error.message }),
    });
    const key = await linkSecret();
    const expiresAt = Math.floor(at / 1000) + query.linkDays * 86_400;
    const base = publicBase(c);
    const emailOptions: EmailOptions = {
      layout: query.layout,
      ...(query.columns ? { columns: query.columns } : {}),
      limit,
      campaign: query.campaign,
      ...theme,
    };
    let rendered;
    try {
      // Link tokens are encrypted (async): the renderer picks the products and their positions, each link's token is
      // made, then the email is rendered once with them.
      rendered = await renderEmailAsync(response, {
        ...emailOptions,
        link: async ({ item, position, requestId, placement }) => {
          const claims: LinkClaims = {
            s: site.siteKey, d: item.url, pid: item.id, c: query.campaign, r: requestId, p: placement, i: position,
            u: query.user, ...(idKind === 'anonymous' ? { k: 'a' as const } : {}), st: item.strategy, ...(response.variant ? { v: response.variant } : {}), e: expiresAt,
          };
          return `${base}/r/${await signLinkToken(claims, key)}`;
        },
      });
    } catch (error) {
      if (error instanceof EmailOptionsError && isSiteSetting(error.field, query)) {
        // the email service's request is fine: the site's configuration is not, and only its operator can fix it
        throw new HttpError(500, 'invalid_site_settings', `site "${site.siteKey}": settings.email.${error.message}; fix the site's settings (sites[].settings.email), the request is fine`, `settings.email.${error.field}`);
      }
      if (error instanceof EmailOptionsError) {
        // named as the email service sent it: `preview` and `button` are `previewText` and `buttonText` to the renderer
        const param = QUERY_PARAMS[error.field] ?? error.field;
        const message = error.message.startsWith(error.field) ? param + error.message.slice(error.field.length) : error.message;
        throw new HttpError(400, 'invalid_query', message, param);
      }
      throw error;
    }
    const headers = {
      'cache-control': 'no-store',
      'x-focal-request-id': response.requestId,
      'x-focal-source': source,
      'x-focal-items': String(rendered.shown.length),
      'x-focal-excluded': String(excluded.length),
    };
    if (format === 'txt') return c.body(rendered.text, 200, { ...headers, 'content-type': 'text/plain; charset=utf-8' });
    return c.body(query.fragment ? rendered.fragment : rendered.html, 200, { ...headers, 'content-type': 'text/html; charset=utf-8' });
  };

  app.get('/v1/email/:file', async (c) => {
    const match = EMAIL_PATH.exec(c.req.path);
    if (!match) throw new HttpError(404, 'not_found', 'use /v1/email/recommendations.html or /v1/email/recommendations.txt');
    return render(c, match[1] as 'html' | 'txt');
  });

  app.get('/r/:token', clickRedirect(ctx, { campaigns, linkSecret, now }));

  app.post('/v1/admin/email/campaigns/:campaign/expire', ctx.auth.requireAdmin, async (c) => {
    checkExpireQuery(queryOf(c.req.raw));
    const campaign = c.req.param('campaign');
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(campaign)) throw new HttpError(400, 'invalid_campaign', 'campaign must be 1-64 letters, digits, ".", "_" or "-"', 'campaign');
    const key = c.req.query('site');
    if (key !== undefined && !SITE_KEY.test(key)) throw new HttpError(400, 'invalid_query', 'site must be a site key such as pk_live_shop', 'site');
    // a campaign name is the site's own: "newsletter" of one shop is not "newsletter" of another
    const site = await siteOf(key);
    const outcome = await campaigns.expire(site.siteKey, campaign);
    if (!outcome.already) await ctx.store.audit.record({ siteKey: site.siteKey, actor: 'admin', action: 'email.campaign.expire', details: { campaign } });
    return c.json({ site: site.siteKey, campaign, expiredAt: outcome.expiredAt, alreadyExpired: outcome.already }, 200);
  });

  app.post('/v1/admin/email/sign', ctx.auth.requireAdmin, async (c) => {
    checkSignQuery(queryOf(c.req.raw));
    // read as every JSON body is: at most maxBodyBytes while it streams (a chunked body has no Content-Length to refuse
    // up front), and malformed JSON answered 400 invalid_json saying where parsing failed
    const body = await readJson(c.req.raw, ctx.config.maxBodyBytes) as { params?: Record<string, unknown>; expiresInSeconds?: unknown } | null;
    if (!body || typeof body !== 'object' || !body.params || typeof body.params !== 'object') {
      throw new HttpError(400, 'invalid_body', 'send { "params": { "user": "...", "placement": "email-for-you", ... }, "expiresInSeconds"?: 86400 }');
    }
    // a misspelt field would be signed into the URL and never read: refused, naming it and the accepted ones
    const unknown = (where: string, got: object, accepted: readonly string[]) => {
      // (`expires` and `sig` of a URL signed before are replaced, as ever)
      const field = Object.keys(got).find((key) => !accepted.includes(key) && !(where && (key === 'expires' || key === 'sig')));
      if (field !== undefined) {
        const name = `${where}${field.slice(0, 64)}`;
        throw new HttpError(400, 'unknown_field', `${name} is not a known field; accepted fields: ${accepted.join(', ')}`, name);
      }
    };
    unknown('', body, ['params', 'expiresInSeconds']);
    unknown('params.', body.params, EMAIL_QUERY_PARAMS);
    // each becomes one query parameter: null, a list or an object would be signed as "null", "a,b", "[object Object]"
    for (const [key, value] of Object.entries(body.params)) {
      if (typeof value !== 'string' && typeof value !== 'boolean' && !(typeof value === 'number' && Number.isFinite(value))) {
        const got = value === null ? 'null' : Array.isArray(value) ? 'a list' : typeof value === 'object' ? 'an object' : String(value);
        throw new HttpError(400, 'invalid_body', `params.${key} must be text, a number or true/false; got ${got}`, `params.${key}`);
      }
    }
    const params = new URLSearchParams(Object.entries(body.params).map(([k, v]) => [k, String(v)]));
    params.delete('sig');
    parseEmailQuery(Object.fromEntries(params));
    const ttl = body.expiresInSeconds ?? 7 * 86_400;
    if (typeof ttl !== 'number' || !Number.isInteger(ttl) || ttl < 60 || ttl > 365 * 86_400) {
      throw new HttpError(400, 'invalid_body', 'expiresInSeconds must be a whole number from 60 to 31536000', 'expiresInSeconds');
    }
    params.set('expires', String(Math.floor(now() / 1000) + ttl));
    const path = '/v1/email/recommendations.html';
    params.set('sig', urlSignature(path, params, await linkSecret()));
    const origin = publicBase(c);
    return c.json({ html: `${origin}${path}?${params}`, text: `${origin}${path.replace('.html', '.txt')}?${params}`, expiresAt: new Date(Number(params.get('expires')) * 1000).toISOString() });
  });

  return app;
}
