import * as z from 'zod/mini';

/** Every error the adapter answers with: `{ error: { code, message, field? } }`. */
export const ApiError = z.object({
  error: z.object({
    /** Stable machine-readable code, e.g. `invalid_body`, `payload_too_large`, `unauthorized`. */
    code: z.string(),
    /** What went wrong and what to do about it. */
    message: z.string(),
    /** Dotted path of the offending field, when there is one. */
    field: z.optional(z.string()),
  }),
});
export type ApiError = z.infer<typeof ApiError>;

/** One validation problem in words, with the dotted path of the field it concerns. */
export interface ContractProblem {
  field: string;
  message: string;
}

interface IssueLike {
  code: string;
  path: PropertyKey[];
  message: string;
  expected?: unknown;
  input?: unknown;
  format?: string;
  minimum?: unknown;
  maximum?: unknown;
  values?: unknown[];
  keys?: string[];
  origin?: string;
  note?: string;
  options?: unknown[];
  discriminator?: string;
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/** Dotted path of a zod issue, e.g. `properties.lineItems.0.price`; `(root)` for the whole value. */
export function issuePath(path: PropertyKey[]): string {
  return path.length ? path.map(String).join('.') : '(root)';
}

/** Turns a zod issue into a sentence that names the field and says what is expected. */
export function describeIssue(issue: IssueLike): ContractProblem {
  if (issue.code === 'unrecognized_keys') {
    // named by the unknown field itself (`placements.0.productIds`), with the accepted ones when the schema lists them
    const [first = '?', ...others] = issue.keys ?? [];
    const field = issuePath([...issue.path, first]);
    const also = others.length ? ` (nor are ${others.join(', ')})` : '';
    return { field, message: `${field} is not a known field${also}; ${issue.message.startsWith('accepted fields: ') ? issue.message : 'remove it'}` };
  }
  const field = issuePath(issue.path);
  let what: string;
  switch (issue.code) {
    case 'invalid_type':
      what = issue.input === undefined
        ? `is required (${String(issue.expected)})`
        : `must be ${String(issue.expected)}, got ${kindOf(issue.input)}`;
      break;
    case 'invalid_format':
      // A pattern that says what it wants (`z.regex(re, 'must be …')`) is quoted; others get the generic sentence.
      if (issue.format === 'regex' && issue.message.startsWith('must ')) { what = issue.message; break; }
      what = `must be a valid ${issue.format === 'datetime' ? 'ISO-8601 UTC timestamp (e.g. 2026-01-31T12:00:00.000Z)' : issue.format === 'regex' ? 'value of the documented form' : String(issue.format)}`;
      break;
    case 'too_small':
      what = issue.origin === 'string' ? `must be at least ${String(issue.minimum)} characters`
        : issue.origin === 'array' ? `must have at least ${String(issue.minimum)} item(s)`
        : `must be at least ${String(issue.minimum)}`;
      break;
    case 'too_big':
      what = issue.origin === 'string' ? `must be at most ${String(issue.maximum)} characters`
        : issue.origin === 'array' ? `must have at most ${String(issue.maximum)} item(s)`
        : `must be at most ${String(issue.maximum)}`;
      break;
    case 'invalid_value':
      what = `must be one of ${(issue.values ?? []).map((v) => JSON.stringify(v)).join(', ')}`;
      break;
    case 'invalid_union':
      what = issue.note === 'No matching discriminator' || issue.discriminator
        ? `has an unknown value; expected one of the documented ${issue.discriminator ?? 'types'}`
        : 'does not match any accepted shape';
      break;
    default:
      what = issue.message && issue.message !== 'Invalid input' ? issue.message : 'is invalid';
  }
  return { field, message: `${field} ${what}` };
}

/** All problems of a failed parse, in words. */
export function describeError(error: { issues: readonly IssueLike[] }): ContractProblem[] {
  return error.issues.map((issue) => describeIssue(issue as IssueLike));
}
