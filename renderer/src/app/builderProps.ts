/**
 * What every builder of app/builders.tsx receives. Apart from the registry so builder
 * components can import it without importing the registry that imports them.
 */
import type { z } from 'zod';
import type { AnalysisInfo, DatasetInfo, StoredResult } from '../../../shared/contract';

export interface BuilderProps {
  datasets: DatasetInfo[];
  /** The dataset open in the data view, to start with. */
  initialDataset: string | null;
  /**
   * A saved spec to start from (its model is one of the entry's `models`, or a spec another
   * view hands over, e.g. a DID to test), or null for a new analysis. Builders read it with
   * their own schema (`seedSpec`).
   */
  initialSpec: unknown;
  /** The analysis ran and was stored. */
  onDone: (run: { analysis: AnalysisInfo; result: StoredResult }) => void;
}

/** A saved spec as the builder's own type, or null when it is not one (a new analysis). */
export function seedSpec<S extends z.ZodType>(schema: S, spec: unknown): z.output<S> | null {
  if (spec === null || spec === undefined) return null;
  const parsed = schema.safeParse(spec);
  return parsed.success ? parsed.data : null;
}
