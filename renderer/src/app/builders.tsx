/**
 * The "New analysis" menu: every builder the workbench offers, grouped as a policy-evaluation
 * paper proceeds. Adding a builder is one entry here; the Workspace draws the menu and the
 * builder tab from this list, and a saved analysis opens again in the builder whose `models`
 * list its model.
 */
import type { ComponentType, ReactElement } from 'react';
import type { z } from 'zod';
import type { AnalysisInfo, DatasetInfo, StoredResult } from '../../../shared/contract';
import { didSpec } from '../../../shared/specs/did';
import { DidBuilder } from '../features/did/DidBuilder';

/** Menu sections, in the order the menu shows them. */
export const BUILDER_GROUPS = [
  'did',
  'placebo',
  'matching',
  'staggered',
  'rd',
  'mechanisms',
  'discrete',
  'tables',
] as const;
export type BuilderGroup = (typeof BUILDER_GROUPS)[number];

export interface BuilderProps {
  datasets: DatasetInfo[];
  /** The dataset open in the data view, to start with. */
  initialDataset: string | null;
  /**
   * A saved spec to start from (its model is one of the entry's `models`), or null for a new
   * analysis. Builders read it with their own schema (`seedSpec`).
   */
  initialSpec: unknown;
  /** The analysis ran and was stored. */
  onDone: (run: { analysis: AnalysisInfo; result: StoredResult }) => void;
}

export interface BuilderEntry {
  id: string;
  group: BuilderGroup;
  /** i18n key of the builder's name (menu item and builder tab). */
  labelKey: string;
  /** i18n key of one line under the name in the menu. */
  descriptionKey?: string;
  /** Models whose saved specs this builder edits. */
  models: readonly string[];
  Builder: ComponentType<BuilderProps>;
}

/** A saved spec as the builder's own type, or null when it is not one (a new analysis). */
export function seedSpec<S extends z.ZodType>(schema: S, spec: unknown): z.output<S> | null {
  if (spec === null || spec === undefined) return null;
  const parsed = schema.safeParse(spec);
  return parsed.success ? parsed.data : null;
}

function DidEntry({ datasets, initialDataset, initialSpec, onDone }: BuilderProps): ReactElement {
  return (
    <DidBuilder
      datasets={datasets}
      initialDataset={initialDataset}
      initialSpec={seedSpec(didSpec, initialSpec)}
      onDone={onDone}
    />
  );
}

export const builders: readonly BuilderEntry[] = [
  { id: 'did', group: 'did', labelKey: 'nav.did', descriptionKey: 'builders.didDescription', models: ['did'], Builder: DidEntry },
];

export function builderById(id: string): BuilderEntry | null {
  return builders.find((b) => b.id === id) ?? null;
}

/** The builder that opens a saved analysis of `model` again, if any. */
export function builderForModel(model: string): BuilderEntry | null {
  return builders.find((b) => b.models.includes(model)) ?? null;
}
