import { Promotion } from '@focal/sdk-core/contracts';
import type { SkippedEntry } from './provider.js';

/** How far `timeZone`'s clocks are ahead of UTC at the instant `utcMs` (e.g. +3,600,000 for Paris in winter). */
function zoneOffsetMs(utcMs: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
  }).formatToParts(new Date(utcMs));
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'), part('second')) - Math.floor(utcMs / 1000) * 1000;
}

/** The instant a wall-clock time (`wallMs`, read as if UTC) is in `timeZone` (in a gap or overlap, as before the change). */
function wallToUtc(wallMs: number, timeZone: string): number {
  if (timeZone === 'UTC') return wallMs;
  const guess = wallMs - zoneOffsetMs(wallMs, timeZone);
  return wallMs - zoneOffsetMs(guess, timeZone);
}

/** Whether `timeZone` is an IANA time zone name this runtime knows (`Europe/Paris`, `UTC`). */
export function isTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/**
 * A CMS date as an ISO-8601 UTC timestamp: accepts full ISO strings, ISO with an offset, `YYYY-MM-DD` and
 * Storyblok's `YYYY-MM-DD HH:mm` (UTC). A date or time without a zone (`YYYY-MM-DD`, `YYYY-MM-DDTHH:mm[:ss]`,
 * Contentful's "date only" and "date and time without timezone" fields) is a wall-clock time in `timeZone` (the shop's,
 * default UTC), not in the server's own zone. A bare `YYYY-MM-DD` is the start of that day, or with `endOfDay` (an end
 * date, exclusive) the start of the next, so the promotion runs through the day the editor picked. Empty values give
 * undefined; unreadable ones throw.
 */
export function toIsoTimestamp(value: unknown, field: string, endOfDay = false, timeZone = 'UTC'): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw new Error(`${field} must be a date string`);
  if (/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/.test(value)) return toIsoTimestamp(`${value.replace(' ', 'T')}:00Z`, field);
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(value);
  // a time without a zone: Date.parse would read `2026-11-24T10:00:00` in the server's local time zone, so a promotion
  // started an hour apart on an adapter in Berlin and one in UTC
  const wall = dateOnly ? `${value}T00:00:00Z`
    : /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value) ? `${value}:00Z`
    : /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?$/.test(value) ? `${value}Z` : undefined;
  let ms = Date.parse(wall ?? value);
  if (Number.isNaN(ms)) throw new Error(`${field} "${value.slice(0, 40)}" is not a date`);
  if (wall) ms = wallToUtc(ms + (dateOnly && endOfDay ? 86_400_000 : 0), timeZone);
  return new Date(ms).toISOString();
}

/** Rich-text nodes that sit inside a line of text (Contentful and Storyblok names); every other node is a block. */
const INLINE = /^(text|hard_break|emoji|image|[a-z-]*hyperlink|embedded-[a-z]+-inline)$/;

/**
 * Plain text of a rich-text document (Contentful `nodeType`/`value` or Storyblok `type`/`text`): its text blocks
 * (paragraphs, headings, the paragraphs of list items and quotes) joined by blank lines, a line break as a newline.
 */
export function richTextToPlain(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  type Node = { nodeType?: unknown; type?: unknown; value?: unknown; text?: unknown; content?: unknown };
  const children = (node: Node): Node[] => (Array.isArray(node.content) ? node.content.filter((c) => c && typeof c === 'object') : []);
  const line = (node: Node): string => (node.type === 'hard_break' ? '\n'
    : `${typeof node.value === 'string' ? node.value : ''}${typeof node.text === 'string' ? node.text : ''}${children(node).map(line).join('')}`);
  const blocks = (node: Node): string[] => {
    const inner = children(node);
    if (inner.some((c) => !INLINE.test(String(c.nodeType ?? c.type)))) return inner.flatMap(blocks);
    const text = line(node);
    return text ? [text] : [];
  };
  const all = value && typeof value === 'object' ? blocks(value as Node) : [];
  return all.length ? all.join('\n\n') : undefined;
}

/** A number from a CMS field that may hold it as text (Storyblok number fields are strings). */
export function toNumber(value: unknown, field: string): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isFinite(n)) throw new Error(`${field} must be a number, got ${JSON.stringify(value).slice(0, 40)}`);
  return n;
}

/** A traits object from a JSON field or a JSON string. */
export function toTraits(value: unknown, field: string): Record<string, string | number | boolean> | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  let parsed = value;
  if (typeof value === 'string') {
    try {
      parsed = JSON.parse(value);
    } catch {
      throw new Error(`${field} must be a JSON object such as {"student": true}`);
    }
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error(`${field} must be a JSON object such as {"student": true}`);
  return parsed as Record<string, string | number | boolean>;
}

/**
 * Checks a normalised candidate against the `Promotion` contract: either the promotion, or a skipped entry whose
 * reason names the field to fix in the CMS.
 */
export function finalise(id: string, candidate: unknown): { promotion: Promotion } | { skipped: SkippedEntry } {
  const parsed = Promotion.safeParse(candidate);
  if (parsed.success) return { promotion: parsed.data };
  const issue = parsed.error.issues[0];
  const path = issue?.path.length ? issue.path.join('.') : '(entry)';
  return { skipped: { id, reason: `${path}: ${issue?.message ?? 'invalid'}` } };
}

/** Drops undefined values so optional contract fields are absent rather than undefined. */
export function compact<T extends Record<string, unknown>>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
