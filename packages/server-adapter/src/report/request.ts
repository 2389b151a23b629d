import { locateAssetDirs } from '../assets/locate.js';
import type { AdapterConfig } from '../config/schema.js';
import type { Metrics } from '../observability/metrics.js';
import { isSiteKeyParam, SITE_KEY_PARAM_RULE } from '../http/site-key-param.js';
import { DEFAULT_PLACEMENTS } from '../recommend/default-placements.js';
import { parsePlacements } from '../recommend/placement-schema.js';
import type { Store } from '../store/store.js';
import { buildReport, type Report } from './build.js';
import type { SplitConfig } from './experiments.js';
import { attributionOptions, AttributionOptionsError, type AttributionOptions } from './options.js';
import { parseReportParams, ReportParamError, type ReportParams } from './params.js';

/** The raw inputs of a report: query parameters or CLI flags. */
export interface ReportInput {
  site?: string;
  from?: string;
  to?: string;
  placement?: string;
  attribution?: Partial<AttributionOptions>;
}

/**
 * The configured A/B splits of every placement, as the recommendation routes resolve them: the defaults, then
 * `config.placements`, then the site's `settings.placements`. A section that does not parse is left out (the
 * recommendation routes refuse it with their own message).
 */
export function configuredSplits(config: AdapterConfig, siteSettings?: Record<string, unknown>): Record<string, SplitConfig | undefined> {
  let placements = {};
  try {
    placements = parsePlacements((config as { placements?: unknown }).placements, DEFAULT_PLACEMENTS);
  } catch { /* unreadable adapter placements: the defaults' splits (none) */ }
  try {
    if (siteSettings?.placements !== undefined) placements = { ...placements, ...parsePlacements(siteSettings.placements) };
  } catch { /* unreadable site placements: the adapter's */ }
  return Object.fromEntries(Object.entries(placements as Record<string, { split?: SplitConfig }>).map(([id, p]) => [id, p.split]));
}

/**
 * The checks of a report's inputs that need no store: the range, the placement, the site key's form and the
 * attribution overrides on their own (the CLI runs them before it opens the store, so a mistyped flag creates no
 * database). @throws ReportParamError naming the input to fix.
 */
export function checkReportInput(input: ReportInput, now = new Date()): ReportParams {
  const params = parseReportParams(input, now);
  if (input.site && !isSiteKeyParam(input.site)) throw new ReportParamError('site', SITE_KEY_PARAM_RULE);
  try {
    attributionOptions(undefined, input.attribution);
  } catch (error) {
    if (error instanceof AttributionOptionsError) throw new ReportParamError('attribution', error.message);
    throw error;
  }
  return params;
}

/**
 * Resolves the site (the `site` input, else the only site of the store), checks the range and options and builds
 * the report. @throws ReportParamError naming the input to fix.
 */
export async function reportFor(store: Store, config: AdapterConfig, input: ReportInput, metrics?: Metrics, now = new Date()): Promise<Report> {
  const params = checkReportInput(input, now);
  let siteKey = input.site;
  if (!siteKey) {
    const sites = await store.sites.list();
    if (sites.length !== 1) {
      throw new ReportParamError('site', sites.length
        ? `this adapter has ${sites.length} sites; name one with site=<site key> (${sites.slice(0, 10).map((s) => s.siteKey).join(', ')})`
        : 'this adapter has no site yet; create one (focal-adapter seed, or sites in the config file)');
    }
    siteKey = sites[0].siteKey;
  }
  const site = await store.sites.get(siteKey);
  if (!site) throw new ReportParamError('site', `site "${siteKey.slice(0, 80)}" is not known to this adapter`);
  let attribution: AttributionOptions;
  try {
    attribution = attributionOptions(site.settings, input.attribution);
  } catch (error) {
    if (error instanceof AttributionOptionsError) throw new ReportParamError('attribution', error.message);
    throw error;
  }
  const modelsDir = locateAssetDirs(config.assets).modelsDir;
  return buildReport(store, {
    siteKey, ...params, attribution, splits: configuredSplits(config, site.settings), ...(modelsDir ? { modelsDir } : {}), ...(metrics ? { metrics } : {}),
  });
}
