/**
 * Form helpers the RD, mechanism and discrete-outcome builders share. A builder keeps raw text
 * in its state, turns it into a spec and lets the model's zod schema judge it; every issue is
 * mapped back to the field that caused it, so the message appears beside that field.
 */
import type { z } from 'zod';

/** An i18n key under `rdmech.errors` with its values, or a message to show as it is. */
export interface FieldError {
  key: string;
  values?: Record<string, string | number>;
  /** Text from the schema or the Node side (English, naming the column or value). */
  text?: string;
}

export type FieldErrors<K extends string = string> = Partial<Record<K, FieldError>>;

/** The outcome of turning a form into a spec: the spec when valid, else the errors by field. */
export interface Built<S, K extends string = string> {
  spec: S | null;
  errors: FieldErrors<K>;
}

/** A number typed as text: null when empty, NaN when not a number. */
export function parseNumber(text: string): number | null {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  const x = Number(trimmed);
  return Number.isFinite(x) ? x : Number.NaN;
}

/** A list of numbers separated by commas, semicolons (also full-width) or whitespace; null if any is not a number. */
export function parseNumberList(text: string): number[] | null {
  const parts = text.split(/[\s,;，；、]+/u).filter((s) => s.length > 0);
  const out = parts.map(Number);
  return out.every(Number.isFinite) ? out : null;
}

/** Names separated by commas (also full-width) or new lines, e.g. fixed effects "province^year". */
export function parseNameList(text: string): string[] {
  return text
    .split(/[,，\n]+/u)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/** The i18n error for one zod issue (zod 4 issue codes). */
export function issueError(issue: z.core.$ZodIssue): FieldError {
  switch (issue.code) {
    case 'too_small': {
      const min = Number(issue.minimum);
      if (issue.origin === 'string') return { key: 'required' };
      if (issue.origin === 'array') return min <= 1 ? { key: 'chooseOne' } : { key: 'chooseAtLeast', values: { min } };
      return issue.inclusive === false ? { key: 'greater', values: { min } } : { key: 'min', values: { min } };
    }
    case 'too_big': {
      const max = Number(issue.maximum);
      if (issue.origin === 'array') return { key: 'chooseAtMost', values: { max } };
      return issue.inclusive === false ? { key: 'less', values: { max } } : { key: 'max', values: { max } };
    }
    case 'invalid_type':
      if (issue.input === undefined) return { key: 'required' };
      return issue.expected === 'number' ? { key: 'number' } : { key: 'invalid' };
    case 'invalid_value':
      return { key: 'invalid' };
    default:
      return { key: 'invalid', text: issue.message };
  }
}

/**
 * Maps zod issues to fields; `fieldOf` names the field of an issue path (null: not a field of
 * the form, shown in `fallback`). The first issue of a field wins.
 */
export function issuesToFields<K extends string>(
  issues: readonly z.core.$ZodIssue[],
  fieldOf: (path: readonly PropertyKey[]) => K | null,
  fallback: K,
): FieldErrors<K> {
  const out: FieldErrors<K> = {};
  for (const issue of issues) {
    const field = fieldOf(issue.path) ?? fallback;
    if (!out[field]) out[field] = issueError(issue);
  }
  return out;
}

/** Drops keys whose value is undefined or '' so the schema fills in its defaults. */
export function compact<T extends Record<string, unknown>>(o: T): Partial<T> {
  const out: Partial<T> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined && v !== '') (out as Record<string, unknown>)[k] = v;
  return out;
}
