const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The small page a shopper sees for a dead link (404/410): what happened, and a way to the shop when known. */
export function linkPage(title: string, text: string, home?: string): string {
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">`
    + `<meta name="robots" content="noindex"><title>${escape(title)}</title></head>`
    + `<body style="font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;line-height:1.5">`
    + `<h1>${escape(title)}</h1><p>${escape(text)}</p>${home ? `<p><a href="${escape(home)}">Go to the shop</a></p>` : ''}</body></html>`;
}
