import { Promotion } from '@focal/sdk-core/contracts';
import type { SkippedEntry } from './provider.js';

/**
 * A CMS date as an ISO-8601 UTC timestamp: accepts full ISO strings, ISO with an offset, `YYYY-MM-DD` and
 * Storyblok's `YYYY-MM-DD HH:mm` (UTC). Empty values give undefined; unreadable ones throw.
 */
export function toIsoTimestamp(value: unknown, field: string): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw new Error(`${field} must be a date string`);
  const text = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/.test(value) ? `${value.replace(' ', 'T')}:00Z`
    : /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z`
    : /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value) ? `${value}:00Z` : value;
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) throw new Error(`${field} "${value.slice(0, 40)}" is not a date`);
  return new Date(ms).toISOString();
}

/** Plain text of a rich-text document (Contentful `nodeType`/`value` or Storyblok `type`/`text`), paragraphs joined by blank lines. */
export function richTextToPlain(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  const blocks: string[] = [];
  const walk = (node: unknown, out: string[]): void => {
    if (!node || typeof node !== 'object') return;
    const n = node as { value?: unknown; text?: unknown; content?: unknown[] };
    if (typeof n.value === 'string') out.push(n.value);
    if (typeof n.text === 'string') out.push(n.text);
    for (const child of n.content ?? []) walk(child, out);
  };
  for (const block of (value as { content?: unknown[] }).content ?? []) {
    const parts: string[] = [];
    walk(block, parts);
    if (parts.length) blocks.push(parts.join(''));
  }
  return blocks.length ? blocks.join('\n\n') : undefined;
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
