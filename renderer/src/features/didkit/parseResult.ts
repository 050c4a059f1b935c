import type { z } from 'zod';
import { ResultShapeError } from '../results/resultView';

/**
 * A stored result read with its model's schema. A result that does not fit (written by another
 * version, say) is an error the view shows, never a blank screen.
 */
export function parseResult<S extends z.ZodType>(schema: S, value: unknown): { ok: true; data: z.output<S> } | { ok: false; error: ResultShapeError } {
  const parsed = schema.safeParse(value);
  if (parsed.success) return { ok: true, data: parsed.data };
  return {
    ok: false,
    error: new ResultShapeError(parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)),
  };
}
