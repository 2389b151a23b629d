import { render } from 'preact-render-to-string';
import { Block, CONTAINER_WIDTH } from './components/block.js';
import { Shell } from './components/shell.js';
import { EmailOptionsError } from './errors.js';
import { shorten } from './format.js';
import { headCss } from './head-css.js';
import { pickItems } from './items.js';
import { MAX_PREVIEW_TEXT, resolveOptions } from './options.js';
import { unwrapRaw } from './raw.js';
import { renderText } from './text.js';
import type { EmailLinkTarget, EmailOptions, EmailRecommendations, EmailRender } from './types.js';
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
  const o = resolveOptions(options);
  const { items, skipped, placement, requestId } = pickItems(recommendations, o.limit, o.currency);
  const products = items.map((item, position) => {
    const target: EmailLinkTarget = { item, position, placement, requestId, campaign: o.campaign };
    return { item, position, href: buildLink(target, o.link) };
  });
  const previewText = o.previewText || shorten(
    [o.heading, products.map((p) => p.item.title).join(', ')].filter(Boolean).join(': '),
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

function buildLink(target: EmailLinkTarget, link: EmailOptions['link']): string {
  const href = link
    ? link(target)
    : withUtm(target.item.url, { campaign: target.campaign, placement: target.placement, position: target.position });
  if (typeof href !== 'string' || !/^https?:\/\//i.test(href) || !URL.canParse(href)) {
    throw new EmailOptionsError('link', `must return an absolute http(s) URL; returned ${JSON.stringify(href)} for product ${target.item.id}`);
  }
  return href;
}
