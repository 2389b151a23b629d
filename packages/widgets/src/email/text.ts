import type { Candidate } from '@focal/sdk-core/contracts';
import { itemFields } from '../templates/item-fields.js';
import { oneLine } from './format.js';

/**
 * The plain-text part: heading, then one numbered block per product with brand, title, price and its link,
 * lines under 78 characters where the content allows (URLs are never wrapped). Catalog text is put on one line
 * ({@link oneLine}), so each product keeps its own block.
 */
export function renderText(heading: string, products: { item: Candidate; href: string }[], locale: string, buttonText: string): string {
  const lines: string[] = [];
  if (heading) lines.push(heading, '='.repeat(Math.min([...heading].length, 78)), '');
  products.forEach(({ item, href }, i) => {
    const fields = itemFields(item, { locale, placement: '', position: i, attribution: false });
    const brand = fields.brand && oneLine(fields.brand);
    const reason = fields.reason && oneLine(fields.reason);
    lines.push(`${i + 1}. ${oneLine(fields.title)}${brand ? ` (${brand})` : ''}`);
    lines.push(`   ${fields.price}`);
    if (reason) lines.push(`   ${reason}`);
    lines.push(`   ${buttonText}: ${href}`, '');
  });
  return `${lines.join('\n').trimEnd()}\n`;
}
