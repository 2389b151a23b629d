import { render } from 'preact-render-to-string';
import type { Candidate } from '@focal/sdk-core/contracts';
import { Block, CONTAINER_WIDTH } from './components/block.js';
import { Shell } from './components/shell.js';
import { EmailOptionsError } from './errors.js';
import { oneLine, shorten } from './format.js';
import { headCss } from './head-css.js';
import { pickItems } from './items.js';
import { MAX_PREVIEW_TEXT, resolveOptions, type ResolvedOptions } from './options.js';
import { unwrapRaw } from './raw.js';
import { renderText } from './text.js';
import type { AsyncEmailOptions, EmailLinkTarget, EmailOptions, EmailRecommendations, EmailRender, SkippedItem } from './types.js';
import { withUtm } from './utm.js';

/**
 * Renders recommendations as an email block that reads the same in Gmail, Outlook (Word engine), Apple Mail
 * and with images off, plus its plain-text part.
 *
 * @param recommendations A `RecommendationResponse` (or `{ items, placement?, requestId? }`).
 * @param options Layout, theme, texts, locale, campaign and the link builder; see {@link EmailOptions}.
 * @throws EmailOptionsError when an option is invalid (the message names it and says what to fix),
 *   or when the link builder returns something that is not an absolute http(s) URL.
 * @example
 * const { html, text } = renderEmail(response, { layout: 'grid', campaign: 'nov-newsletter', locale: 'de-DE' });
 */
export function renderEmail(recommendations: EmailRecommendations, options?: EmailOptions): EmailRender {
  const plan = planEmail(recommendations, options);
  return renderPlan(plan, plan.targets.map((target) => checkedHref(buildLink(target, plan.options.link), target)));
}

/**
 * {@link renderEmail} with a link builder that may be asynchronous (one that encrypts or stores each link, as the
 * adapter's signed `/r/<token>` links): the products and their positions are picked, every link is built (in
 * parallel), then the email is rendered once. Same output as `renderEmail` given the same links.
 * @throws EmailOptionsError as `renderEmail` does (a builder's rejection is passed through as it is).
 * @example
 * const { html } = await renderEmailAsync(response, { link: async ({ item, position }) => `https://focal.example/r/${await sign(item, position)}` });
 */
export async function renderEmailAsync(recommendations: EmailRecommendations, options?: AsyncEmailOptions): Promise<EmailRender> {
  const { link, ...rest } = options ?? {};
  if (link !== undefined && typeof link !== 'function') throw new EmailOptionsError('link', 'must be a function (target) => URL string or Promise of one');
  const plan = planEmail(recommendations, rest);
  const hrefs = await Promise.all(plan.targets.map(async (target) => checkedHref(link ? await link(target) : buildLink(target, undefined), target)));
  return renderPlan(plan, hrefs);
}

/** What an email will show, before its links are built: the checked options, the products in order, what was left out. */
interface EmailPlan {
  options: ResolvedOptions;
  targets: EmailLinkTarget[];
  skipped: SkippedItem[];
}

function planEmail(recommendations: EmailRecommendations, options: EmailOptions | undefined): EmailPlan {
  const o = resolveOptions(options);
  const { items, skipped, placement, requestId } = pickItems(recommendations, o.limit, o.currency);
  const targets = items.map((item, position): EmailLinkTarget => ({ item, position, placement, requestId, campaign: o.campaign }));
  return { options: o, targets, skipped };
}

/** The email of a plan, each product linked to `hrefs[i]`: preact renders the block and the document, once each. */
function renderPlan({ options: o, targets, skipped }: EmailPlan, hrefs: string[]): EmailRender {
  const products: { item: Candidate; position: number; href: string }[] = targets.map(({ item, position }, i) => ({ item, position, href: hrefs[i]! }));
  const previewText = o.previewText || shorten(
    [o.heading, products.map((p) => oneLine(p.item.title)).join(', ')].filter(Boolean).join(': '),
    Math.min(140, MAX_PREVIEW_TEXT),
  );
  // Nothing to show: an empty block (and text), so the email service can leave the section out.
  const fragment = products.length ? unwrapRaw(render(<Block products={products} options={o} />)) : '';
  const doc = render(
    <Shell lang={o.locale} dir={o.dir} title={o.title} theme={o.theme} headCss={headCss(o.theme, CONTAINER_WIDTH)} previewText={previewText}>
      <focal-raw dangerouslySetInnerHTML={{ __html: fragment }} />
    </Shell>,
  );
  return {
    html: `<!DOCTYPE html>\n${unwrapRaw(doc)}`,
    fragment,
    text: products.length ? renderText(o.heading, products, o.locale, o.buttonText) : '',
    previewText,
    shown: products.map((p) => ({ productId: p.item.id, position: p.position, href: p.href })),
    skipped,
  };
}

function buildLink(target: EmailLinkTarget, link: EmailOptions['link']): unknown {
  return link
    ? link(target)
    : withUtm(target.item.url, { campaign: target.campaign, placement: target.placement, position: target.position });
}

function checkedHref(href: unknown, target: EmailLinkTarget): string {
  if (typeof href !== 'string' || !/^https?:\/\//i.test(href) || !URL.canParse(href)) {
    throw new EmailOptionsError('link', `must return an absolute http(s) URL; returned ${JSON.stringify(href)} for product ${target.item.id}`);
  }
  return href;
}
