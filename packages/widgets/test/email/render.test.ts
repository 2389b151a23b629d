import { describe, expect, it } from 'vitest';
import { EmailOptionsError, MAX_PREVIEW_TEXT, renderEmail, renderEmailAsync, withUtm, type EmailLinkTarget } from '../../src/email/index.js';
import { allHrefs, imgTags, validateHtml } from './email-lint.js';
import { candidate, response } from './fixtures.js';

const byteSize = (s: string) => Buffer.byteLength(s, 'utf8');

describe('renderEmail layouts', () => {
  it('row shows `columns` products side by side, in Outlook ghost-table cells of equal width', () => {
    const { html, shown } = renderEmail(response(8), { layout: 'row', columns: 4 });
    expect(shown.map((s) => s.position)).toEqual([0, 1, 2, 3]);
    expect(html.match(/class="focal-col"/g)).toHaveLength(4);
    expect(html).toContain('<!--[if mso]><table role="presentation" width="576" cellpadding="0" cellspacing="0" border="0"><tr><td width="144" valign="top"><![endif]-->');
    expect(html.match(/<!--\[if mso\]><\/td><td width="144" valign="top"><!\[endif\]-->/g)).toHaveLength(3);
  });

  it('grid lays out 2×2 by default', () => {
    const { html, shown } = renderEmail(response(8), { layout: 'grid' });
    expect(shown).toHaveLength(4);
    expect(html.match(/class="focal-col"/g)).toHaveLength(4);
    expect(html.match(/<td width="288" valign="top">/g)).toHaveLength(4);
  });

  it('hero shows one large product with its reason, no columns', () => {
    const { html, fragment, shown } = renderEmail(response(5), { layout: 'hero' });
    expect(shown).toHaveLength(1);
    expect(fragment).not.toContain('focal-col');
    expect(fragment).not.toContain('[if mso]><table');
    expect(html).toContain('Because you viewed Aria Round');
    expect(html).toMatch(/<img [^>]*width="560" style=/);
  });

  it('a short last row keeps its column widths (empty cells fill it)', () => {
    const { html } = renderEmail(response(5), { layout: 'row', columns: 3, limit: 5 });
    expect(html.match(/class="focal-col"/g)).toHaveLength(6);
    expect(html.match(/<img /g)).toHaveLength(5);
  });
});

describe('email-safe markup', () => {
  const { html, text } = renderEmail(response(4), { layout: 'grid', locale: 'de-DE' });

  it('has no <script>, and layout tables are role="presentation"', () => {
    expect(html).not.toMatch(/<script/i);
    const tables = html.match(/<table\b[^>]*>/g) ?? [];
    expect(tables.length).toBeGreaterThan(4);
    for (const t of tables) expect(t).toContain('role="presentation"');
  });

  it('every image has alt (the product title), an explicit width, no height attribute (Outlook would stretch the photo to it) and display:block', () => {
    const imgs = imgTags(html);
    expect(imgs).toHaveLength(4);
    for (const img of imgs) {
      expect(img).toMatch(/ alt="[^"]+"/);
      expect(img).toMatch(/ width="\d+"/);
      expect(img).not.toMatch(/ height=/);
      expect(img).toMatch(/height:auto/);
      expect(img).toMatch(/style="display:block;/);
    }
    expect(imgs[0]).toContain('alt="Aria Round"');
  });

  it('takes locale tags with extensions: en-u-nu-arab writes prices in Arabic-Indic digits, ar-u-nu-latn in Latin ones, right to left', async () => {
    const arab = renderEmail(response(2), { layout: 'row', columns: 2, locale: 'en-u-nu-arab' });
    expect(arab.html).toContain('<html lang="en-u-nu-arab">');
    expect(arab.html).toContain('٨٩٫٠٠');
    expect(arab.text).toContain('٨٩٫٠٠');
    const latn = renderEmail({ ...response(2), items: [candidate(0, { currency: 'KWD', price: 12.5 }), candidate(1, { currency: 'KWD', price: 9 })] }, { layout: 'row', columns: 2, locale: 'ar-KW-u-nu-latn' });
    expect(latn.html).toContain('<html lang="ar-KW-u-nu-latn" dir="rtl">');
    expect(latn.html).toMatch(/12\.500/);
    expect(await validateHtml(latn.html)).toEqual([]);
    // case is made canonical, other extensions and private use pass
    expect(renderEmail(response(1), { locale: 'DE-de' }).html).toContain('<html lang="de-DE"');
    for (const tag of ['de-DE-u-co-phonebk', 'zh-Hant-TW', 'en-US-x-shop', 'sr-Latn-RS']) expect(renderEmail(response(1), { locale: tag }).html).toContain(`lang="${tag}"`);
  });

  it('takes a locale written with underscores as server templates and PHP write it (de_DE), as the widgets do: German prices, lang="de-DE"', () => {
    const { html, text } = renderEmail(response(1), { locale: 'de_DE' });
    expect(html).toContain('<html lang="de-DE"');
    expect(html).toContain('89,00\u00a0€');
    expect(text).toContain('89,00\u00a0€');
    expect(renderEmail(response(1), { locale: 'ar_KW' }).html).toContain('<html lang="ar-KW" dir="rtl">');
    expect(renderEmail(response(1), { locale: 'zh_Hant_TW' }).html).toContain('lang="zh-Hant-TW"');
  });

  it('reads with images off: name and price are HTML text, prices in the locale', () => {
    const noImages = html.replace(/<img\b[^>]*>/g, '');
    expect(noImages).toContain('>Aria Round</a>');
    expect(noImages).toContain('89,00\u00a0€');
    expect(noImages).toContain('Focal Optics');
  });

  it('writes right-to-left locales (Arabic, Hebrew, Persian, Urdu) right to left: dir="rtl" on the document and on the block', async () => {
    const items = response(3).items.map((item, i) => ({ ...item, title: ['نظارة دائرية', 'מסגרת עגולה', 'Aria Round'][i]!, currency: 'KWD', price: 12.345 }));
    for (const locale of ['ar-KW', 'he-IL', 'fa-IR', 'ur-PK']) {
      const rtl = renderEmail({ ...response(3), items }, { layout: 'row', columns: 3, locale, currency: 'KWD', heading: 'مختارة لك' });
      expect(rtl.html).toMatch(new RegExp(`<html lang="${locale}" dir="rtl">`));
      // The fragment is pasted into the email service's own template: it carries its direction itself.
      expect(rtl.fragment).toMatch(/^<table [^>]*dir="rtl"/);
      expect(await validateHtml(rtl.html)).toEqual([]);
    }
    for (const locale of ['en', 'de-DE', 'ja-JP']) {
      const ltr = renderEmail(response(3), { locale });
      expect(ltr.html).not.toContain('dir="rtl"');
    }
  });

  it('declares light and dark colour schemes, with dark colours in the head CSS only', () => {
    expect(html).toContain('<meta name="color-scheme" content="light dark"/>');
    expect(html).toContain('<meta name="supported-color-schemes" content="light dark"/>');
    expect(html).toMatch(/<style>[^<]*@media \(prefers-color-scheme:dark\)/);
    expect(html).toContain('lang="de-DE"');
  });

  it('inlines every style: no class is styled only by the head CSS for the light design', () => {
    const body = html.slice(html.indexOf('<body'));
    const styled = body.match(/<(td|table|a|p|h2|img|div)\b[^>]*>/g) ?? [];
    const unstyledText = styled.filter((tag) => /class="focal-(text|muted|accent|heading|button)"/.test(tag) && !/style="/.test(tag));
    expect(unstyledText).toEqual([]);
  });

  it('has a readable plain-text part with every product, price and link', () => {
    expect(text).toContain('Picked for you\n==============');
    expect(text).toContain('1. Aria Round (Focal Optics)\n   89,00\u00a0€');
    expect(text.match(/Shop now: https:\/\/shop\.example\/products\//g)).toHaveLength(4);
    expect(text).not.toMatch(/<[a-z]/i);
  });

  it('keeps each product on its own lines in the plain-text part when catalog text has line breaks or tabs (a feed\'s multi-line cell)', () => {
    const broken = candidate(0, { title: 'Aria Round\r\nShop now: https://evil.example/x\n\n2. Fake', brand: 'Focal\tOptics\u2028Paris', reason: 'Because you\nviewed Milo\u0085Rectangle' });
    const { text, previewText } = renderEmail({ items: [broken, candidate(1)], placement: 'email-for-you', requestId: 'r' }, { layout: 'row', columns: 2, link: ({ position }) => `https://adapter.example/r/t${position}` });
    expect(text).toBe([
      'Picked for you', '==============', '',
      '1. Aria Round Shop now: https://evil.example/x 2. Fake (Focal Optics Paris)', '   €89.00', '   Because you viewed Milo Rectangle', '   Shop now: https://adapter.example/r/t0', '',
      '2. Milo Rectangle (Focal Optics)', '   €99.50', '   Because you viewed Aria Round', '   Shop now: https://adapter.example/r/t1', '',
    ].join('\n'));
    expect(previewText).toBe('Picked for you: Aria Round Shop now: https://evil.example/x 2. Fake, Milo Rectangle');
  });

  it('escapes product text (a title cannot inject markup or break out of a conditional comment)', async () => {
    const evil = candidate(0, { title: 'Aria <script>alert(1)</script> --> <b>', brand: '"><img src=x>' });
    const out = renderEmail({ items: [evil], placement: 'email-for-you', requestId: 'r' }, { layout: 'hero', link: () => 'https://a.example/r/x?a=1&b="2"' });
    expect(out.html).not.toContain('<script>');
    expect(out.html).toContain('>Aria &lt;script&gt;alert(1)&lt;/script&gt; --&gt; &lt;b&gt;</a>');
    expect(out.html).not.toContain('<img src=x>');
    expect(await validateHtml(out.html)).toEqual([]);
    const comments = out.html.match(/<!--\[if mso\]>[\s\S]*?<!\[endif\]-->/g) ?? [];
    for (const c of comments) expect(c.slice(4, -3)).not.toContain('-->');
    expect(out.html).toContain('href="https://a.example/r/x?a=1&amp;b=&quot;2&quot;"');
  });
});

describe('links', () => {
  it('every link (image, title, HTML button and Outlook VML button) uses the link builder, with placement, request and position', () => {
    const targets: EmailLinkTarget[] = [];
    const { html, text, shown } = renderEmail(response(3), {
      campaign: 'nov-news',
      link: (t) => { targets.push(t); return `https://adapter.example/r/${t.requestId}.${t.position}`; },
    });
    expect(targets.map((t) => [t.item.id, t.position, t.placement, t.requestId, t.campaign])).toEqual([
      ['SKU-100', 0, 'email-for-you', 'req-0192', 'nov-news'],
      ['SKU-101', 1, 'email-for-you', 'req-0192', 'nov-news'],
      ['SKU-102', 2, 'email-for-you', 'req-0192', 'nov-news'],
    ]);
    const hrefs = allHrefs(html);
    expect(hrefs).toHaveLength(3 * 4);
    for (const href of hrefs) expect(href).toMatch(/^https:\/\/adapter\.example\/r\/req-0192\.[0-2]$/);
    expect(shown.map((s) => s.href)).toEqual([0, 1, 2].map((i) => `https://adapter.example/r/req-0192.${i}`));
    expect(text).toContain('https://adapter.example/r/req-0192.2');
  });

  it('without a builder, links go to the product with UTM tags', () => {
    const { shown } = renderEmail(response(2), { campaign: 'nov', columns: 2 });
    expect(shown[1].href).toBe('https://shop.example/products/sku-101?utm_source=focal&utm_medium=email&utm_campaign=nov&utm_content=email-for-you-1');
  });

  it('withUtm replaces existing UTM tags and keeps other parameters and the fragment', () => {
    expect(withUtm('https://s.example/p?utm_source=x&color=red#top', { campaign: 'c1', placement: 'email-for-you', position: 3 }))
      .toBe('https://s.example/p?utm_source=focal&color=red&utm_medium=email&utm_campaign=c1&utm_content=email-for-you-3#top');
  });

  it('refuses a builder that returns something other than an absolute http(s) URL', () => {
    expect(() => renderEmail(response(2), { link: () => 'javascript:alert(1)' })).toThrow(/link must return an absolute http\(s\) URL/);
  });

  it('renderEmailAsync takes an asynchronous builder, calls it once per product and renders what renderEmail renders', async () => {
    const targets: EmailLinkTarget[] = [];
    const link = (t: EmailLinkTarget) => `https://adapter.example/r/${t.item.id}.${t.position}`;
    const options = { layout: 'grid' as const, limit: 4, campaign: 'nov-news', locale: 'de-DE' };
    const later = await renderEmailAsync(response(6), { ...options, link: async (t) => { targets.push(t); await Promise.resolve(); return link(t); } });
    expect(targets.map((t) => [t.item.id, t.position])).toEqual([['SKU-100', 0], ['SKU-101', 1], ['SKU-102', 2], ['SKU-103', 3]]);
    expect(later).toEqual(renderEmail(response(6), { ...options, link }));
    expect(await renderEmailAsync(response(2), { columns: 2 })).toEqual(renderEmail(response(2), { columns: 2 }));
  });

  it('renderEmailAsync refuses what renderEmail refuses, and passes a builder\'s own failure through', async () => {
    await expect(renderEmailAsync(response(2), { link: async () => 'javascript:alert(1)' })).rejects.toThrow(/link must return an absolute http\(s\) URL; returned "javascript:alert\(1\)" for product SKU-100/);
    await expect(renderEmailAsync(response(2), { link: 'https://x' as never })).rejects.toBeInstanceOf(EmailOptionsError);
    await expect(renderEmailAsync(response(2), { layout: 'carousel' as never })).rejects.toThrow('layout must be one of');
    await expect(renderEmailAsync(response(2), { link: async () => { throw new Error('signing failed'); } })).rejects.toThrow('signing failed');
  });
});

describe('preview text', () => {
  it('defaults to the heading and product names, within 200 characters', () => {
    const { html, previewText } = renderEmail(response(24), { layout: 'grid', limit: 24 });
    expect(previewText.startsWith('Picked for you: Aria Round, Milo Rectangle')).toBe(true);
    expect([...previewText].length).toBeLessThanOrEqual(MAX_PREVIEW_TEXT);
    expect(html).toMatch(/<body[^>]*><div style="display:none;[^"]*mso-hide:all">Picked for you: Aria Round/);
  });

  it('a shortened name or preview never ends in half an emoji, flag or accented letter', () => {
    const titleShown = (title: string) => {
      const { html } = renderEmail({ ...response(1), items: [candidate(0, { title })] }, { layout: 'row', columns: 2 });
      return /class="focal-text"[^>]*>([^<]*)</.exec(html)![1];
    };
    const A = (n: number) => 'A'.repeat(n);
    // names in a row are cut to 70 characters: 69 and "…"; a flag is two code points, this family seven, é two
    expect(titleShown(`${A(66)}🇩🇪🇫🇷🇮🇹 and more`)).toBe(`${A(66)}🇩🇪🇫🇷🇮🇹…`);
    expect(titleShown(`${A(68)}👨‍👩‍👧‍👦 and more`)).toBe(`${A(68)}👨‍👩‍👧‍👦…`);
    expect(titleShown(`${A(68)}👍🏽 and more`)).toBe(`${A(68)}👍🏽…`);
    expect(titleShown(`${A(68)}e\u0301 and more`)).toBe(`${A(68)}e\u0301…`);
    // the default preview text is cut to 140
    const preview = renderEmail({ ...response(1), items: [candidate(0, { title: `Sale ${'🇩🇪'.repeat(200)}` })] }, { heading: '' }).previewText;
    expect(preview).toBe(`Sale ${'🇩🇪'.repeat(134)}…`);
    const odd = renderEmail({ ...response(1), items: [candidate(0, { title: `Sale! ${'🇩🇪'.repeat(200)}` })] }, { heading: '' }).previewText;
    expect(odd).toBe(`Sale! ${'🇩🇪'.repeat(133)}…`);
  });

  it('uses the given preview text and refuses one over 200 characters', () => {
    expect(renderEmail(response(2), { previewText: 'New frames for autumn', columns: 2 }).html).toContain('>New frames for autumn');
    expect(() => renderEmail(response(2), { previewText: 'x'.repeat(201) })).toThrow('previewText must be at most 200 characters; got 201');
  });
});

describe('size', () => {
  it('stays under 90 kB for 12 products in every layout (Gmail clips at 102 kB)', () => {
    for (const options of [{ layout: 'row' as const, columns: 4, limit: 12 }, { layout: 'row' as const, columns: 2, limit: 12 }, { layout: 'grid' as const, limit: 12 }, { layout: 'hero' as const, limit: 12 }]) {
      const { html, shown } = renderEmail(response(12), { ...options, link: ({ position }) => `https://adapter.example/r/${'t'.repeat(400)}${position}` }); // real signed tokens are ~330 characters
      expect(shown).toHaveLength(12);
      expect(byteSize(html)).toBeLessThan(90 * 1024);
    }
  });
});

describe('bad items and bad options', () => {
  it('skips a bad product, a non-http URL and another currency, and still renders the good neighbours', () => {
    const items = [candidate(0), { ...candidate(1), price: -3 }, candidate(2, { url: 'javascript:alert(1)' }), candidate(3, { currency: 'USD' }), candidate(4), candidate(5, { image: 'data:image/png;base64,xx' })];
    const out = renderEmail({ items, placement: 'email-for-you', requestId: 'r1' }, { layout: 'grid', currency: 'EUR', limit: 4 });
    expect(out.shown.map((s) => [s.productId, s.position])).toEqual([['SKU-100', 0], ['SKU-104', 1], ['SKU-105', 2]]);
    expect(out.skipped).toEqual([
      { productId: 'SKU-101', reason: 'price must be at least 0' },
      { productId: 'SKU-102', reason: 'url must be an absolute http(s) URL; got "javascript:alert(1)"' },
      { productId: 'SKU-103', reason: 'priced in USD, the email shows EUR only' },
    ]);
    expect(imgTags(out.html)).toHaveLength(2);
    expect(out.html).toContain('>Ada Geometric</a>'.replace('Ada Geometric', 'Nova Square'));
  });

  it.each([
    [{ layout: 'carousel' }, 'layout must be one of "row", "grid", "hero"; got "carousel"'],
    [{ columns: 5 }, 'columns must be a whole number from 2 to 4; got 5'],
    [{ limit: 0 }, 'limit must be a whole number from 1 to 24; got 0'],
    [{ theme: { accent: 'red' } }, 'theme.accent must be a hex colour like "#1d4ed8"'],
    [{ theme: { fontFamily: 'Arial;}</style><script>' } }, 'theme.fontFamily must be a font stack'],
    [{ theme: { radius: 30 } }, 'theme.radius must be a whole number of pixels from 0 to 24'],
    [{ theme: { dark: { text: 'rgb(0,0,0)' } } }, 'theme.dark.text must be a hex colour'],
    [{ locale: 'en_US!' }, 'locale must be a BCP-47 language tag'],
    [{ locale: 'de_' }, 'locale must be a BCP-47 language tag like "en", "de-DE", "fr-BE" or "en-u-nu-arab"; got "de_"'],
    [{ locale: '' }, 'locale must be a BCP-47 language tag'],
    [{ locale: 'en-' }, 'locale must be a BCP-47 language tag'],
    [{ locale: 'english please' }, 'locale must be a BCP-47 language tag'],
    // a word Intl.getCanonicalLocales lets through (a 5–8 letter language subtag, reserved and never assigned):
    // the email would say lang="english" and format prices in the default locale
    [{ locale: 'english' }, 'locale must be a BCP-47 language tag like "en", "de-DE", "fr-BE" or "en-u-nu-arab"; got "english"'],
    [{ locale: 'German_DE' }, 'locale must be a BCP-47 language tag like "en", "de-DE", "fr-BE" or "en-u-nu-arab"; got "German_DE"'],
    [{ locale: 42 }, 'locale must be a BCP-47 language tag like "en", "de-DE", "fr-BE" or "en-u-nu-arab"; got number'],
    [{ currency: 'eur' }, 'currency must be an ISO-4217 code like "EUR"'],
    [{ campaign: 'nov campaign' }, 'campaign must be 1–64 letters, digits'],
    [{ buttonText: ' ' }, 'buttonText must not be empty'],
    [{ heading: 'h'.repeat(121) }, 'heading must be at most 120 characters'],
    [{ link: 'https://x' }, 'link must be a function'],
  ])('rejects %j with a clear EmailOptionsError', (options, message) => {
    let error: unknown;
    try { renderEmail(response(2), options as never); } catch (e) { error = e; }
    expect(error).toBeInstanceOf(EmailOptionsError);
    expect((error as Error).message).toContain(message);
  });

  it('with no usable product, renders an empty block and text (the email service can leave the section out)', async () => {
    const out = renderEmail({ items: [candidate(0, { url: 'ftp://x' })], placement: 'email-for-you', requestId: 'r' });
    expect(out.fragment).toBe('');
    expect(out.text).toBe('');
    expect(out.shown).toEqual([]);
    expect(out.html).not.toContain('<table');
    expect(await validateHtml(out.html)).toEqual([]);
  });

  it('rejects input that is not recommendations', () => {
    expect(() => renderEmail({} as never)).toThrow('recommendations must be a RecommendationResponse or { items: Candidate[] }');
  });

  it('applies theme colours and fonts inline and to the Outlook button', () => {
    const { html } = renderEmail(response(2), { columns: 2, buttonText: 'See the frame', theme: { accent: '#AA3300', fontFamily: "Georgia, 'Times New Roman', serif" } });
    expect(html).toContain('fillcolor="#aa3300"');
    expect(html).toContain("font-family:Georgia, 'Times New Roman', serif");
    expect(html.match(/>See the frame</g)).toHaveLength(4);
  });
});
