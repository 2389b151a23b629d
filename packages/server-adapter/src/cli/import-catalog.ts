import { readFile } from 'node:fs/promises';
import { parseFlags } from './flags.js';
import { importCatalog } from '../catalog/import.js';
import { DELIMITER_RULE, delimiterName, delimiterOf, detectFormat, type FeedFormat } from '../catalog/parse-feed.js';
import { UsageError } from './usage.js';
import { STORE_FLAGS, configFromFlags, openConfiguredStore } from './store-flags.js';

export const IMPORT_USAGE = `focal-adapter import-catalog FILE --site pk_... [--format json|ndjson|csv] [--delimiter comma|semicolon|tab] [--partial] [--data-dir DIR | --database-url URL]
  Upserts the feed's products; products missing from the feed are marked out of stock (never deleted) unless --partial.
  A CSV feed's delimiter is read from its header line unless --delimiter says it; in a semicolon or tab CSV a price
  may write its decimals with a comma (129,00).
  Bad rows are reported with their line and reason; good rows are imported. Exit code 1 when a row was rejected.
  A site left with more than 100,000 products gets a warning with the numbers: recommendations and train read
  100,000 of them (in stock first).`;

/** `focal-adapter import-catalog FILE`. @returns the exit code. */
export async function runImportCatalog(argv: string[], out: (line: string) => void = console.log): Promise<number> {
  const { values, positionals } = parseFlags({
    args: argv, strict: true, allowPositionals: true,
    options: { ...STORE_FLAGS, site: { type: 'string' }, format: { type: 'string' }, delimiter: { type: 'string' }, partial: { type: 'boolean' } },
  });
  if (values.help) { out(IMPORT_USAGE); return 0; }
  const file = positionals[0];
  if (!file || positionals.length > 1) throw new UsageError('give exactly one feed file');
  if (!values.site) throw new UsageError('say which site the catalog belongs to: --site pk_...');
  if (values.format && !['json', 'ndjson', 'csv'].includes(values.format)) throw new UsageError(`--format must be json, ndjson or csv, got "${values.format}"`);
  const delimiter = values.delimiter === undefined ? undefined : delimiterOf(values.delimiter);
  if (values.delimiter !== undefined && !delimiter) throw new UsageError(`--${DELIMITER_RULE}, got "${values.delimiter.slice(0, 20)}"`);
  if (delimiter && values.format && values.format !== 'csv') throw new UsageError(`--delimiter is for CSV feeds; leave it out with --format ${values.format}`);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  const config = configFromFlags(values);
  const store = await openConfiguredStore(config);
  try {
    if (!(await store.sites.get(values.site))) throw new UsageError(`site ${values.site} does not exist in this store; create it (config "sites" or seed --demo)`);
    const format = (values.format as FeedFormat | undefined) ?? detectFormat(text, file);
    if (delimiter && format !== 'csv') throw new UsageError(`--delimiter is for CSV feeds; ${file} reads as ${format} (add --format csv if it is CSV)`);
    const result = await importCatalog(store, values.site, text, { format, fullFeed: !values.partial, ...(delimiter ? { delimiter } : {}) });
    for (const problem of result.problems.slice(0, 200)) out(`${file}:${problem.line}: ${problem.id ? `${problem.id}: ` : ''}${problem.reason}`);
    if (result.problems.length > 200) out(`... and ${result.problems.length - 200} more problems`);
    out(`${result.format}${result.delimiter ? ` (${delimiterName(result.delimiter)}-separated)` : ''}: imported ${result.imported}, rejected ${result.rejected}, marked out of stock ${result.markedOutOfStock}`);
    if (result.warning) out(`warning: ${result.warning}`);
    await store.audit.record({ siteKey: values.site, actor: 'admin', action: 'catalog.import', details: { imported: result.imported, rejected: result.rejected, markedOutOfStock: result.markedOutOfStock } });
    return result.rejected ? 1 : 0;
  } finally {
    await store.close();
  }
}
