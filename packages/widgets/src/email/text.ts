import type { Candidate } from '@focal/sdk-core/contracts';
import { itemFields } from '../templates/item-fields.js';

/**
 * The plain-text part: heading, then one numbered block per product with brand, title, price and its link,
 * lines under 78 characters where the content allows (URLs are never wrapped).
 */
export function renderText(heading: string, products: { item: Candidate; href: string }[], locale: string, buttonText: string): string {
  const lines: string[] = [];
  if (heading) lines.push(heading, '='.repeat(Math.min([...heading].length, 78)), '');
  products.forEach(({ item, href }, i) => {
    const fields = itemFields(item, { locale, placement: '', position: i, attribution: false });
    lines.push(`${i + 1}. ${fields.title}${fields.brand ? ` (${fields.brand})` : ''}`);
    lines.push(`   ${fields.price}`);
    if (fields.reason) lines.push(`   ${fields.reason}`);
    lines.push(`   ${buttonText}: ${href}`, '');
  });
  return `${lines.join('\n').trimEnd()}\n`;
}
