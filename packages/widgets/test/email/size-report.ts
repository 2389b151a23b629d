/**
 * Prints the size of the email HTML and text for 12 products in each layout, with links as long as the adapter's
 * signed `/r/` links. Run: `npx tsx --tsconfig tsconfig.json packages/widgets/test/email/size-report.ts`
 */
import { renderEmail, type EmailOptions } from '../../src/email/index.js';
import { response } from './fixtures.js';

const link = ({ position }: { position: number }) => `http://127.0.0.1:8787/r/${'t'.repeat(330)}${position}`;
const cases: EmailOptions[] = [
  { layout: 'row', columns: 4, limit: 12 }, { layout: 'row', columns: 2, limit: 12 },
  { layout: 'grid', limit: 12 }, { layout: 'hero', limit: 12 }, { layout: 'grid', limit: 4 },
];
for (const options of cases) {
  const { html, text } = renderEmail(response(12), { ...options, link });
  console.log(`${JSON.stringify(options).padEnd(42)} html ${String(Buffer.byteLength(html)).padStart(6)} B   text ${String(Buffer.byteLength(text)).padStart(5)} B`);
}
