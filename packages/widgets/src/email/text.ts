import { formatPrice } from './format.js';
import type { Candidate } from '@focal/sdk-core/contracts';

/**
 * The plain-text part: heading, then one numbered block per product with brand, title, price and its link,
 * lines under 78 characters where the content allows (URLs are never wrapped).
 */
export function renderText(heading: string, products: { item: Candidate; href: string }[], locale: string, buttonText: string): string {
  const lines: string[] = [];
  if (heading) lines.push(heading, '='.repeat(Math.min([...heading].length, 78)), '');
  products.forEach(({ item, href }, i) => {
    lines.push(`${i + 1}. ${item.title}${item.brand ? ` (${item.brand})` : ''}`);
    lines.push(`   ${formatPrice(item.price, item.currency, locale)}`);
    if (item.reason) lines.push(`   ${item.reason}`);
    lines.push(`   ${buttonText}: ${href}`, '');
  });
  return `${lines.join('\n').trimEnd()}\n`;
}
