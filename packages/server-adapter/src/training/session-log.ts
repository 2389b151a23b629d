/**
 * Reads a session log (one row per item interaction) from CSV, semicolon-separated or TSV text, detecting the
 * delimiter and the session / item / time columns by their usual names.
 */
import { parse } from 'csv-parse/sync';

export interface Interaction {
  session: string;
  item: string;
  /** Epoch ms. */
  time: number;
}

export const SESSION_COLUMNS = ['session_id', 'sessionid', 'session'];
export const ITEM_COLUMNS = ['item_id', 'itemid', 'item', 'product_id', 'productid'];
/** Time columns by preference; a day column (`eventdate`, `date`) is added to a relative one (`timeframe`). */
export const TIME_COLUMNS = ['timestamp', 'time', 'timeframe', 'eventdate', 'date'];

export interface DetectedColumns {
  delimiter: ',' | ';' | '\t';
  session: string;
  item: string;
  /** The main time column. */
  time: string;
  /** A day column added to a relative `timeframe` (milliseconds since the session started), when both exist. */
  day?: string;
}

/** Picks the delimiter (the most frequent of `,` `;` tab in the header) and the columns; throws a clear error when one is missing. */
export function detectColumns(headerLine: string): DetectedColumns {
  const counts = ([',', ';', '\t'] as const).map((d) => [d, headerLine.split(d).length - 1] as const);
  const delimiter = counts.sort((a, b) => b[1] - a[1])[0][0];
  const names = headerLine.split(delimiter).map((h) => h.trim().replace(/^"|"$/g, ''));
  const find = (candidates: string[]) => names.find((n) => candidates.includes(n.toLowerCase()));
  const session = find(SESSION_COLUMNS);
  const item = find(ITEM_COLUMNS);
  const timeCandidates = TIME_COLUMNS.map((t) => find([t])).filter((x): x is string => Boolean(x));
  const missing = [!session && `a session column (${SESSION_COLUMNS.join('/')})`, !item && `an item column (${ITEM_COLUMNS.join('/')})`,
    !timeCandidates.length && `a time column (${TIME_COLUMNS.join('/')})`].filter(Boolean);
  if (missing.length) throw new Error(`the log's header [${names.join(', ')}] lacks ${missing.join(' and ')}: rename the columns`);
  const time = timeCandidates[0];
  const day = time.toLowerCase() === 'timeframe' ? timeCandidates.find((t) => ['eventdate', 'date'].includes(t.toLowerCase())) : undefined;
  return { delimiter, session: session!, item: item!, time, ...(day ? { day } : {}) };
}

/** Epoch ms of a time cell: ISO/date text (UTC unless it names a zone), epoch seconds (< 1e11) or epoch milliseconds. NaN when unreadable. */
export function parseTime(value: string): number {
  const v = value.trim();
  if (/^-?\d+(\.\d+)?$/.test(v)) {
    const n = Number(v);
    return Math.abs(n) < 1e11 ? n * 1000 : n;
  }
  const text = v.includes('T') || v.length <= 10 ? v : v.replace(' ', 'T');
  // a date-time without a zone is UTC, as a bare day is (JavaScript would read it in the machine's zone): the split
  // and the session decay come out the same on every machine, across a DST change too
  return Date.parse(/^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?$/.test(text) ? `${text}Z` : text);
}

/**
 * Parses a whole log; rows with an empty id or an unreadable time are skipped and counted, and the first one is
 * described in `firstSkipped` (its line, the column and the value), so a log read to nothing can say why.
 */
export function parseSessionLog(text: string): { rows: Interaction[]; columns: DetectedColumns; skipped: number; firstSkipped?: string } {
  // a byte order mark (Excel's "CSV UTF-8") is not part of the first column's name
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const header = text.slice(0, text.indexOf('\n') >= 0 ? text.indexOf('\n') : text.length).replace(/\r$/, '');
  const columns = detectColumns(header);
  const records = parse(text, {
    delimiter: columns.delimiter, columns: true, skip_empty_lines: true, trim: true, relax_quotes: true, relax_column_count: true, info: true,
  }) as { record: Record<string, string>; info: { lines: number } }[];
  const rows: Interaction[] = [];
  let skipped = 0;
  let firstSkipped: string | undefined;
  for (const { record: r, info } of records) {
    const session = r[columns.session];
    const item = r[columns.item];
    // the day as any time cell (a zone-less date-time is UTC), plus the milliseconds of the timeframe
    const time = columns.day ? parseTime(r[columns.day] ?? '') + Number(r[columns.time]) : parseTime(r[columns.time] ?? '');
    if (!session || !item || !Number.isFinite(time)) {
      skipped++;
      const cell = (column: string) => `${column} ${JSON.stringify((r[column] ?? '').slice(0, 40))}`;
      firstSkipped ??= `line ${info.lines}: ${!session ? `no ${columns.session}` : !item ? `no ${columns.item}`
        : columns.day ? `${cell(columns.day)} + ${cell(columns.time)} is not a time` : `${cell(columns.time)} is not a time`}`;
      continue;
    }
    rows.push({ session, item, time });
  }
  return { rows, columns, skipped, ...(firstSkipped ? { firstSkipped } : {}) };
}
