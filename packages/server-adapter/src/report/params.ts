/** Reading the report's range and filters from query parameters or CLI flags. */

/** A report parameter that cannot be used; `field` names it, the message says the expected form. */
export class ReportParamError extends Error {
  constructor(readonly field: string, message: string) {
    super(message);
    this.name = 'ReportParamError';
  }
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const PLACEMENT = /^[a-z0-9][a-z0-9-]{0,63}$/;
const DAY_MS = 24 * 3600 * 1000;
/** Longest range one report covers. */
export const MAX_RANGE_DAYS = 400;
/** Range when none is given: the last 30 days. */
export const DEFAULT_RANGE_DAYS = 30;

const FORMAT = 'a date YYYY-MM-DD (a whole UTC day) or an ISO-8601 time such as 2026-11-24T00:00:00Z';
/** Earliest and latest bound accepted (year 0 and years past 9999 make the report's SQL fail: a 500 rather than a 400). */
const EARLIEST = Date.parse('1970-01-01T00:00:00Z');
const LATEST = Date.parse('9999-12-31T00:00:00Z');

/** A bound: `YYYY-MM-DD` is the start of that UTC day (`to`: the start of the next one), else an ISO-8601 time. */
export function parseBound(value: string, field: 'from' | 'to'): Date {
  // a `+02:00` offset typed into a URL unencoded arrives as ` 02:00` (a query's `+` is a space): it is the offset
  const trimmed = value.trim().replace(/^(\d{4}-\d{2}-\d{2}T[\d:.]+) (\d{2}:\d{2})$/, '$1+$2');
  let at: number | undefined;
  if (DATE.test(trimmed)) {
    const start = Date.parse(`${trimmed}T00:00:00Z`);
    if (!Number.isNaN(start) && new Date(start).toISOString().startsWith(trimmed)) at = start;
  } else if (DATE_TIME.test(trimmed) && !Number.isNaN(Date.parse(trimmed))) {
    at = Date.parse(trimmed);
  }
  if (at === undefined) throw new ReportParamError(field, `${field} must be ${FORMAT}; got ${JSON.stringify(value.slice(0, 64))}`);
  const bound = field === 'to' && DATE.test(trimmed) ? at + DAY_MS : at;
  if (at < EARLIEST || bound > LATEST) throw new ReportParamError(field, `${field} must be between 1970-01-01 and 9999-12-30; got ${JSON.stringify(value.slice(0, 64))}`);
  return new Date(bound);
}

/** The report's range and placement filter, checked. */
export interface ReportParams {
  from: Date;
  to: Date;
  placement?: string;
}

/**
 * Checks `from`, `to` (a `to` date includes that day) and `placement`. Without `to`: now; without `from`: the 30 UTC
 * days that end with the day of `to` (from a midnight, so the first day of the charts is a whole day and the range the
 * dashboard's form sends back is the same one).
 * @throws ReportParamError naming the parameter and the expected form.
 */
export function parseReportParams(input: { from?: string; to?: string; placement?: string }, now = new Date()): ReportParams {
  const to = input.to ? parseBound(input.to, 'to') : now;
  const lastDay = Math.floor((to.getTime() - 1) / DAY_MS) * DAY_MS;
  const from = input.from ? parseBound(input.from, 'from') : new Date(lastDay - (DEFAULT_RANGE_DAYS - 1) * DAY_MS);
  if (from.getTime() >= to.getTime()) {
    // the values as typed: a `to` date is shown as that day (it includes it), not as the midnight after it
    const shown = (value: string | undefined, at: Date) => (value ? value.trim() : at.toISOString());
    throw new ReportParamError('from', `from (${shown(input.from, from)}) must be before to (${shown(input.to, to)}); a to date includes its day, so from=2026-11-01&to=2026-11-01 is that one day`);
  }
  if (to.getTime() - from.getTime() > MAX_RANGE_DAYS * DAY_MS) throw new ReportParamError('to', `a report covers at most ${MAX_RANGE_DAYS} days; narrow from/to`);
  if (input.placement !== undefined && !PLACEMENT.test(input.placement)) {
    throw new ReportParamError('placement', 'placement must be a placement id: lower-case letters, digits and dashes (e.g. pdp-similar)');
  }
  return { from, to, ...(input.placement ? { placement: input.placement } : {}) };
}

/**
 * The range as a retailer reads it, in UTC: a bound at midnight as its day (`to`: the day before, which the range
 * includes, as `to=2026-11-19` asks), any other as its time (`to`: excluded): `2026-11-01 to 2026-11-19 (UTC)`,
 * `2026-11-10 09:00 to before 2026-11-11 10:00 (UTC)`.
 */
export function rangeLabel(from: string, to: string): string {
  const start = Date.parse(from);
  const end = Date.parse(to);
  const time = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace('T', ' ').replace(/:00$/, '');
  const first = start % DAY_MS === 0 ? new Date(start).toISOString().slice(0, 10) : time(start);
  const last = end % DAY_MS === 0 ? new Date(end - DAY_MS).toISOString().slice(0, 10) : `before ${time(end)}`;
  return `${first} to ${last} (UTC)`;
}
