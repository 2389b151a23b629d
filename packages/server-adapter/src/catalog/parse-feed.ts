import { parse as parseCsv } from 'csv-parse/sync';
import * as z from 'zod/mini';
import { Product, WebLink, describeError } from '@focal/sdk-core/contracts';
import { brokenTextField, undecodedTextField } from '../store/well-formed.js';

/** Feed formats `import-catalog` and `PUT /v1/admin/catalog` read. */
export type FeedFormat = 'json' | 'ndjson' | 'csv';

/** What separates the cells of a CSV feed: a comma, a semicolon (Excel in most of Europe) or a tab. */
export type CsvDelimiter = ',' | ';' | '\t';

const DELIMITER_NAMES: Record<CsvDelimiter, string> = { ',': 'comma', ';': 'semicolon', '\t': 'tab' };

/** `comma`, `semicolon` or `tab`. */
export const delimiterName = (delimiter: CsvDelimiter): string => DELIMITER_NAMES[delimiter];

/** How `--delimiter` and `?delimiter=` may name a delimiter. */
export const DELIMITER_RULE = 'delimiter must be comma, semicolon or tab (or the character itself: , ; or a tab)';

/**
 * A delimiter as an option names it: `comma`, `semicolon`, `tab` (any case) or the character itself; undefined for
 * anything else (the caller refuses it with {@link DELIMITER_RULE}).
 */
export function delimiterOf(value: string): CsvDelimiter | undefined {
  if (value === ',' || value === ';' || value === '\t') return value;
  const named = Object.entries(DELIMITER_NAMES).find(([, name]) => name === value.trim().toLowerCase());
  return named?.[0] as CsvDelimiter | undefined;
}

/** The cells of a CSV header line split on `delimiter` outside double quotes, unquoted and trimmed. */
function headerCells(line: string, delimiter: CsvDelimiter): string[] {
  const cells: string[] = [];
  let cell = '';
  let inQuotes = false;
  for (const char of line) {
    if (char === '"') inQuotes = !inQuotes;
    else if (char === delimiter && !inQuotes) {
      cells.push(cell.trim());
      cell = '';
    } else cell += char;
  }
  cells.push(cell.trim());
  return cells;
}

/** The first line of a CSV text that is not blank, without a byte-order mark. */
function headerLine(text: string): string {
  const start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (const line of text.slice(start, start + 64 * 1024).split('\n')) if (line.trim()) return line.replace(/\r$/, '');
  return '';
}

/**
 * The delimiter of a CSV feed, read from its header line: the one of comma, semicolon and tab that makes a column
 * named `id` (of those, the one giving the most columns); without an `id` column, the one giving the most columns;
 * a comma when none splits the line.
 */
export function detectDelimiter(text: string): CsvDelimiter {
  const line = headerLine(text);
  let best: CsvDelimiter = ',';
  let bestScore = 1;
  for (const delimiter of [',', ';', '\t'] as const) {
    const cells = headerCells(line, delimiter);
    const score = cells.length + (cells.includes('id') ? 1_000_000 : 0);
    if (score > bestScore) {
      best = delimiter;
      bestScore = score;
    }
  }
  return best;
}

/** A row that could not be imported: where it is and why. */
export interface FeedProblem {
  /** 1-based line of the file (CSV, NDJSON) or 1-based item number in a JSON array. */
  line: number;
  id?: string;
  /** The top-level field of a JSON feed that made the whole feed unreadable (an unknown one). */
  field?: string;
  reason: string;
}

export interface ParsedFeed {
  format: FeedFormat;
  /** The cell delimiter of a CSV feed (given, or read from its header line). */
  delimiter?: CsvDelimiter;
  products: Product[];
  problems: FeedProblem[];
}

/** Options of {@link parseFeed}. */
export interface ParseFeedOptions {
  /** The cell delimiter of a CSV feed; default: read from the header line (comma, semicolon or tab). */
  delimiter?: CsvDelimiter;
}

/** Guesses the format from a file name (`.csv`, `.ndjson`/`.jsonl`, `.json`) or, failing that, from the content. */
export function detectFormat(text: string, fileName?: string): FeedFormat {
  const ext = fileName?.toLowerCase().match(/\.(csv|ndjson|jsonl|json)$/)?.[1];
  if (ext === 'csv') return 'csv';
  if (ext === 'ndjson' || ext === 'jsonl') return 'ndjson';
  if (ext === 'json') return 'json';
  const start = text.trimStart();
  if (start.startsWith('[')) return 'json';
  if (start.startsWith('{')) {
    try {
      JSON.parse(start);
      return 'json';
    } catch {
      return 'ndjson';
    }
  }
  return 'csv';
}

/**
 * A product as a feed may bring it in: the `Product` contract, with `url` and `image` held to the shared web-link rule
 * (`WebLink`: absolute http(s) or a path on the shop) that the widgets apply when they render. The wire contract
 * itself takes any string there (an email drops a bad image and shows the product as text); the catalog is where a
 * `javascript:` or `data:` link is refused, with the row that brought it, instead of the product vanishing at render.
 */
const FeedProduct = z.extend(Product, {
  url: WebLink.check(z.maxLength(2048)),
  image: z.optional(WebLink.check(z.maxLength(2048))),
});

/** Quotes a refused value briefly, without control characters (the reason is printed to a terminal). */
const quoted = (value: unknown) => JSON.stringify(String(value).slice(0, 60)).replace(/[\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/** The rows of a feed checked so far: the products, the problems, and where each product id was first listed. */
interface FeedRows {
  products: Product[];
  problems: FeedProblem[];
  lines: Map<string, number>;
  /** `line` or `item`, as the problems of this format count. */
  unit: string;
  /** The digits a JSON feed wrote for an id that JSON.parse could not hold exactly, when the text says so unambiguously. */
  writtenAs?: (value: number) => string | undefined;
  /** The delimiter of a CSV feed whose cells may write decimals with a comma (semicolon or tab: not a comma). */
  decimalComma?: CsvDelimiter;
}

/**
 * The digits written in a JSON text for `"id": <number>` values too large for a double (16 digits and more), by the
 * number they read as; a number that two different spellings read as is left out (which one a row had is not known).
 */
function bigIdDigits(text: string): (value: number) => string | undefined {
  let found: Map<number, string | null> | undefined;
  return (value) => {
    if (!found) {
      found = new Map();
      for (const [, digits] of text.matchAll(/"id"\s*:\s*(-?\d{16,})\s*[,}\r\n]/g)) {
        const seen = found.get(Number(digits));
        found.set(Number(digits), seen === undefined || seen === digits ? digits! : null);
      }
    }
    return found.get(value) ?? undefined;
  };
}

/** A price as feeds write it in text ("129.00", as CSV cells and many JSON exports do): digits, optionally a dot and decimals. */
const PLAIN_DECIMAL = /^-?\d+(\.\d+)?$/;
/** A stock quantity written in text: digits only. */
const PLAIN_WHOLE = /^\d+$/;

/**
 * A number a feed wrote in text, as a number: `price` when it is a plain decimal ("129.00"), `stockQuantity` when it
 * is a plain whole number ("12"). Anything else ("1.234,50", "€129", "12 pcs") stays as it is, for the contract to
 * refuse with the row and the field.
 */
function numbersFromText(candidate: Record<string, unknown>): Record<string, unknown> {
  const { price, stockQuantity } = candidate;
  const fixed: Record<string, unknown> = {};
  if (typeof price === 'string' && PLAIN_DECIMAL.test(price.trim())) fixed.price = Number(price.trim());
  if (typeof stockQuantity === 'string' && PLAIN_WHOLE.test(stockQuantity.trim())) fixed.stockQuantity = Number(stockQuantity.trim());
  return Object.keys(fixed).length ? { ...candidate, ...fixed } : candidate;
}

function check(candidate: unknown, line: number, rows: FeedRows): void {
  const { products, problems } = rows;
  const rawId = candidate && typeof candidate === 'object' ? (candidate as { id?: unknown }).id : undefined;
  // A number id (123, from a feed generator that typed it) is refused, but it still names product "123": the problem
  // carries it, so a full feed keeps that product as it is instead of marking it out of stock as missing. A whole
  // number from 2^53 on is not the number the feed wrote (12345678901234567890 reads as 12345678901234567000): the
  // product is the one of the digits in the text when they can be told, else none (never the rounded number).
  const lossyId = typeof rawId === 'number' && Number.isInteger(rawId) && !Number.isSafeInteger(rawId);
  const numericId = typeof rawId !== 'number' || !Number.isFinite(rawId) ? undefined
    : lossyId ? rows.writtenAs?.(rawId) : String(rawId);
  const id = typeof rawId === 'string' ? rawId : numericId;
  if (candidate && typeof candidate === 'object' && !Array.isArray(candidate)) {
    // an empty image is no image (as an empty CSV cell is)
    if ((candidate as { image?: unknown }).image === '') {
      const { image: _none, ...rest } = candidate as Record<string, unknown>;
      candidate = rest;
    }
    // (a CSV row's numbers were read by csvRowToProduct: in a decimal-comma feed, 1.299 is left for the contract to refuse)
    if (!rows.decimalComma) candidate = numbersFromText(candidate as Record<string, unknown>);
  }
  const parsed = FeedProduct.safeParse(candidate, { reportInput: true });
  if (parsed.success) {
    // Half of a character (a lone UTF-16 surrogate, "\ud83d": a title cut in the middle of an emoji) is refused with
    // its row: the database cannot store it, and in the import's statement it failed every row of the feed.
    const broken = brokenTextField(parsed.data);
    if (broken !== undefined) {
      problems.push({ line, id: parsed.data.id, reason: `${broken} holds half of a character (a lone UTF-16 surrogate such as \\ud83d, e.g. an emoji cut in two); send the text whole` });
      return;
    }
    // A feed saved as Windows-1252 or Latin-1 (Excel's "CSV" on Windows) read as UTF-8: its ü and é became U+FFFD, and
    // "Brille f\ufffdr Damen" went to the shop's widgets and emails. The row is refused (its product keeps its state).
    const undecoded = undecodedTextField(parsed.data);
    if (undecoded !== undefined) {
      problems.push({ line, id: parsed.data.id, reason: `${undecoded} is not UTF-8 text (it holds U+FFFD, what bytes of another encoding such as Windows-1252 become); save the feed as UTF-8 (in Excel: CSV UTF-8) and send it again` });
      return;
    }
    // One row per product: a repeat would be two upserts of one row in one statement (which PostgreSQL refuses,
    // failing the whole import); the first row is kept, the repeat reported.
    const first = rows.lines.get(parsed.data.id);
    if (first !== undefined) {
      problems.push({ line, id: parsed.data.id, reason: `id ${parsed.data.id.slice(0, 128)} is already on ${rows.unit} ${first}; list each product once (this row was not imported)` });
      return;
    }
    rows.lines.set(parsed.data.id, line);
    products.push(parsed.data);
    return;
  }
  const reasons = parsed.error.issues.map((issue) => {
    const { field, message } = describeError({ issues: [issue] })[0]!;
    if (field === 'id' && lossyId) {
      return `${message}: a number this large loses digits in JSON (it reads as ${String(rawId)}); send product ids as strings, in quotes${
        numericId !== undefined ? `, ${quoted(numericId)}` : ''}`;
    }
    if (field === 'id' && numericId !== undefined) return `${message}: write it in quotes, ${quoted(numericId)}`;
    if (issue.code === 'invalid_type' && typeof issue.input === 'string' && (field === 'price' || field === 'stockQuantity')) {
      const value = issue.input.trim();
      if (field === 'stockQuantity') return `${message} ${quoted(value)}: write a whole number, e.g. 12`;
      if (!rows.decimalComma) return `${message} ${quoted(value)}: write it with a dot for decimals, without thousands separators or a currency sign, e.g. 1234.50`;
      const separated = `${DELIMITER_NAMES[rows.decimalComma]}-separated`;
      return AMBIGUOUS_DECIMAL.test(value)
        ? `${message} ${quoted(value)}: in a ${separated} CSV a comma or a dot before exactly three digits may separate thousands (1.299 is 1299 in Excel's German format); write the price without thousands separators and with at most two decimals or four and more, e.g. 1299 or 1299,00 or 1,2990`
        : `${message} ${quoted(value)}: write it with a comma or a dot for decimals, without thousands separators or a currency sign, e.g. 1234,50 or 1234.50`;
    }
    // a link refused by the web-link rule: say which value, so the row can be found and fixed
    return issue.code === 'custom' && (field === 'url' || field === 'image')
      ? `${message}, got ${quoted((candidate as Record<string, unknown>)[field])}` : message;
  });
  problems.push({ line, ...(id ? { id } : {}), reason: reasons.join('; ') });
}

const truthy = (value: string) => /^(1|true|yes|y|in[ _-]?stock)$/i.test(value.trim());

/** A decimal written with a comma or a dot: digits, optionally a separator and decimals. */
const COMMA_OR_DOT_DECIMAL = /^-?\d+([.,]\d+)?$/;
/**
 * A separator before exactly three digits, in a feed that may write either: `1.299` is 1299 in Excel's German number
 * format (a thousands separator) and 1.299 in an English one; `1,299` the other way round. Neither is guessed.
 */
const AMBIGUOUS_DECIMAL = /^-?\d+[.,]\d{3}$/;

/** A CSV price cell as a number, or the text as it is (the contract refuses it, saying how to write it). */
function csvPrice(value: string, decimalComma: boolean): unknown {
  if (!decimalComma) return /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value;
  return COMMA_OR_DOT_DECIMAL.test(value) && !AMBIGUOUS_DECIMAL.test(value) ? Number(value.replace(',', '.')) : value;
}

/**
 * A CSV row as a product. Columns: id, title, url, image, price, currency, categoryPath (levels separated by `>`),
 * brand, inStock (true/false/1/0/yes/no), stockQuantity, and `attr.<name>` for attributes (`a|b` makes a list).
 * With `decimalComma` (a semicolon- or tab-separated feed, as Excel writes in much of Europe) a price may write its
 * decimals with a comma (`129,00`) as well as a dot; one separator before exactly three digits (`1.299`, `1,299`)
 * could be a thousands separator and stays text, refused with its row (a stock quantity `1.000` too).
 */
export function csvRowToProduct(row: Record<string, string>, decimalComma = false): unknown {
  const product: Record<string, unknown> = {};
  const attributes: Record<string, unknown> = {};
  for (const [column, raw] of Object.entries(row)) {
    const value = raw.trim();
    if (value === '') continue;
    if (column.startsWith('attr.')) {
      const number = Number(value);
      attributes[column.slice(5)] = value.includes('|') ? value.split('|').map((v) => v.trim())
        : /^-?\d+(\.\d+)?$/.test(value) && Number.isFinite(number) ? number
        : /^(true|false)$/i.test(value) ? value.toLowerCase() === 'true' : value;
    } else if (column === 'price') {
      product.price = csvPrice(value, decimalComma);
    } else if (column === 'stockQuantity') {
      // 1.000 is a thousand in Excel's German format: not read as 1 where commas may be decimals
      product.stockQuantity = /^-?\d+(\.\d+)?$/.test(value) && !(decimalComma && AMBIGUOUS_DECIMAL.test(value)) ? Number(value) : value;
    } else if (column === 'categoryPath') {
      product.categoryPath = value.split('>').map((v) => v.trim()).filter(Boolean);
    } else if (column === 'inStock') {
      product.inStock = truthy(value);
    } else {
      product[column] = value;
    }
  }
  if (Object.keys(attributes).length) product.attributes = attributes;
  return product;
}

/**
 * The 1-based line on which each CSV record starts, from the byte offsets where records end (csv-parse's own line
 * count drifts by one for every quoted CRLF line break and names a multi-line record by its last line). Call it with
 * each record's end offset in order; blank lines before a record are skipped, as the parser skips them.
 */
function csvLineCounter(text: string, headerEnd: number): (recordEnd: number) => number {
  const bytes = Buffer.from(text, 'utf8');
  let offset = 0;
  let line = 1;
  const advance = (to: number) => {
    for (; offset < to && offset < bytes.length; offset++) if (bytes[offset] === 0x0a) line++;
  };
  let previousEnd = headerEnd;
  return (recordEnd) => {
    let start = previousEnd;
    while (start < bytes.length && (bytes[start] === 0x0a || bytes[start] === 0x0d)) start++;
    advance(start);
    previousEnd = recordEnd;
    return line;
  };
}

/**
 * Parses a product feed: every row is validated against the `Product` contract on its own; good rows are returned,
 * bad ones reported with their line and reason. A feed that cannot be read at all yields one problem at line 1.
 */
export function parseFeed(text: string, format: FeedFormat = detectFormat(text), options: ParseFeedOptions = {}): ParsedFeed {
  // A UTF-8 byte-order mark (Excel, Notepad, PowerShell) is not part of the feed; JSON.parse refuses it.
  if (format !== 'csv' && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const products: Product[] = [];
  const problems: FeedProblem[] = [];
  const rows: FeedRows = { products, problems, lines: new Map(), unit: format === 'json' ? 'item' : 'line', writtenAs: bigIdDigits(text) };
  if (format === 'json') {
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (error) {
      return { format, products, problems: [{ line: 1, reason: `not valid JSON (${(error as Error).message})` }] };
    }
    // `{ "products": [...] }` takes no other field: a setting put there (`"fullFeed": false`) would be ignored silently
    const extra = data && typeof data === 'object' && !Array.isArray(data) ? Object.keys(data).find((key) => key !== 'products') : undefined;
    if (extra !== undefined) {
      const field = extra.slice(0, 64);
      return { format, products, problems: [{ line: 1, field, reason: `${field} is not a known field; accepted fields: products (a JSON feed is an array of products or { "products": [...] }; options such as full=false go in the query)` }] };
    }
    const items = Array.isArray(data) ? data : (data as { products?: unknown })?.products;
    if (!Array.isArray(items)) return { format, products, problems: [{ line: 1, reason: 'a JSON feed must be an array of products or { "products": [...] }' }] };
    items.forEach((item, i) => check(item, i + 1, rows));
  } else if (format === 'ndjson') {
    text.split('\n').forEach((line, i) => {
      if (!line.trim()) return;
      try {
        check(JSON.parse(line), i + 1, rows);
      } catch (error) {
        problems.push({ line: i + 1, reason: `not valid JSON (${(error as Error).message})` });
      }
    });
  } else {
    const delimiter = options.delimiter ?? detectDelimiter(text);
    const decimalComma = delimiter !== ',';
    if (decimalComma) rows.decimalComma = delimiter;
    let records: { record: Record<string, string>; info: { bytes: number } }[];
    let headerEnd: number;
    try {
      records = parseCsv(text, { delimiter, columns: true, skip_empty_lines: true, bom: true, info: true, relax_column_count: true, trim: false }) as never;
      headerEnd = records.length ? (parseCsv(text, { delimiter, bom: true, info: true, relax_column_count: true, to: 1 }) as unknown as { info: { bytes: number } }[])[0]!.info.bytes : 0;
    } catch (error) {
      return { format, delimiter, products, problems: [{ line: Number((error as { lines?: number }).lines ?? 1), reason: `not valid CSV (${(error as Error).message})` }] };
    }
    if (records.length && !('id' in records[0]!.record)) {
      const first = quoted(headerLine(text));
      return {
        format, delimiter, products, problems: [{
          line: 1,
          reason: `the CSV header must name the columns (id, title, url, price, currency, categoryPath, inStock, ...), separated by commas, semicolons or tabs; ${
            options.delimiter ? `split on ${DELIMITER_NAMES[delimiter]}s as asked, ` : ''}the first line ${first} has no column named id`,
        }],
      };
    }
    const lineOf = csvLineCounter(text, headerEnd);
    for (const { record, info } of records) {
      check(csvRowToProduct(record, decimalComma), lineOf(info.bytes), rows);
    }
    return { format, delimiter, products, problems };
  }
  return { format, products, problems };
}
