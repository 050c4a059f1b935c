/**
 * Field errors of the DID-family builders: the model's zod schema is the authority, and each
 * issue lands on the form field its path names. Messages are i18n keys under `did.errors`
 * (shared with the DID builder) or `policy.errors`, with their values.
 */
import { ApiError } from '../../api/client';

export interface FieldError {
  /** Full i18n key, e.g. "did.errors.required". */
  key: string;
  values?: Record<string, string | number>;
}

export type FieldErrors<K extends string> = Partial<Record<K, FieldError>>;

interface IssueLike {
  code: string;
  path: readonly PropertyKey[];
  minimum?: number | bigint;
  maximum?: number | bigint;
  origin?: string;
  expected?: string;
  inclusive?: boolean;
}

/** A schema issue as a message: a missing choice, a number out of range, a bad value. */
export function errorOfIssue(issue: IssueLike): FieldError {
  if (issue.code === 'too_small' && issue.origin === 'string') return { key: 'did.errors.required' };
  if (issue.code === 'too_small' && issue.origin === 'array') return { key: 'policy.errors.chooseOne' };
  // A strict bound (positive(), gt(), lt()) excludes the number itself.
  if (issue.code === 'too_small' && issue.origin === 'number') {
    return issue.inclusive === false ? { key: 'policy.errors.above', values: { min: String(issue.minimum) } } : { key: 'did.errors.min', values: { min: String(issue.minimum) } };
  }
  if (issue.code === 'too_big' && issue.origin === 'number') {
    return issue.inclusive === false ? { key: 'policy.errors.below', values: { max: String(issue.maximum) } } : { key: 'did.errors.max', values: { max: String(issue.maximum) } };
  }
  if (issue.code === 'too_big' && issue.origin === 'array') return { key: 'policy.errors.tooMany', values: { max: String(issue.maximum) } };
  if (issue.code === 'invalid_type') return { key: issue.expected === 'number' ? 'did.errors.number' : 'did.errors.required' };
  return { key: 'did.errors.invalid' };
}

/** Puts each issue on its field (the first issue of a field wins; earlier form checks win too). */
export function addIssues<K extends string>(
  errors: FieldErrors<K>,
  issues: readonly IssueLike[],
  fieldOf: (path: readonly PropertyKey[]) => K | null,
): void {
  for (const issue of issues) {
    const field = fieldOf(issue.path);
    if (field && !errors[field]) errors[field] = errorOfIssue(issue);
  }
}

/**
 * The field errors of an `invalid_request` from the Node side (`details.issues[].path` like
 * "spec.base.formula"), as plain messages: the server's text is shown as it is.
 */
export function serverFieldErrors<K extends string>(error: unknown, fieldOf: (path: readonly PropertyKey[]) => K | null): Partial<Record<K, string>> {
  if (!(error instanceof ApiError) || error.code !== 'invalid_request') return {};
  const issues = error.details.issues;
  if (!Array.isArray(issues)) return {};
  const out: Partial<Record<K, string>> = {};
  for (const issue of issues) {
    if (typeof issue !== 'object' || issue === null) continue;
    const { path, message } = issue as { path?: unknown; message?: unknown };
    if (typeof path !== 'string' || typeof message !== 'string') continue;
    const parts = path.split('.');
    if (parts[0] !== 'spec') continue;
    const field = fieldOf(parts.slice(1).map((p) => (/^\d+$/.test(p) ? Number(p) : p)));
    if (field && !out[field]) out[field] = message;
  }
  return out;
}

/** A number typed in a text field; null when empty or not a number. */
export function parseNumber(text: string): number | null {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  const x = Number(trimmed);
  return Number.isFinite(x) ? x : null;
}

/**
 * A numeric text field's value for the spec: the number, or NaN after recording why not
 * (the schema then reports nothing more for that field, as the form's error comes first).
 */
export function numberField<K extends string>(
  errors: FieldErrors<K>,
  field: K,
  text: string,
  options: { integer?: boolean; optional?: boolean } = {},
): number | undefined {
  if (text.trim() === '' && options.optional) return undefined;
  const x = parseNumber(text);
  if (x === null) {
    errors[field] = { key: 'did.errors.number' };
    return NaN;
  }
  if (options.integer && !Number.isInteger(x)) {
    errors[field] = { key: 'did.errors.integer' };
    return NaN;
  }
  return x;
}

/** Splits a typed list on commas, semicolons (also full-width), whitespace and 、. */
export function parseList(text: string): string[] {
  return text.split(/[\s,;，；、]+/u).filter((s) => s.length > 0);
}

/** A typed list of values for a column: numbers when the column is numeric. */
export function valueList<K extends string>(
  errors: FieldErrors<K>,
  field: K,
  text: string,
  numeric: boolean,
): (string | number)[] {
  const tokens = parseList(text);
  if (!numeric) return tokens;
  const bad = tokens.find((tok) => parseNumber(tok) === null);
  if (bad !== undefined) {
    errors[field] = { key: 'did.errors.idNotNumber', values: { id: bad } };
    return [];
  }
  return tokens.map(Number);
}
