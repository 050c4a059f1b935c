/**
 * The "New analysis" menu: every builder the workbench offers, grouped as a policy-evaluation
 * paper proceeds. Adding a builder is one entry here; the Workspace draws the menu and the
 * builder tab from this list, and a saved analysis opens again in the builder whose `models`
 * list its model.
 */
import type { ComponentType, ReactElement } from 'react';
import { dddSpec } from '../../../shared/specs/ddd';
import { didSpec } from '../../../shared/specs/did';
import { didLagsSpec } from '../../../shared/specs/did-lags';
import { DidBuilder } from '../features/did/DidBuilder';
import { RobustnessBuilder } from '../features/policy/RobustnessBuilder';
import { PlaceboBuilder } from '../features/placebo/PlaceboBuilder';
import { TableBuilder } from '../features/publish/TableBuilder';
import { MatchitBuilder } from '../features/psm/MatchitBuilder';
import { PsmDidBuilder } from '../features/psm/PsmDidBuilder';
import { AttGtBuilder } from '../features/staggered/AttGtBuilder';
import { BaconBuilder } from '../features/staggered/BaconBuilder';
import { CompareBuilder } from '../features/staggered/CompareBuilder';
import { ImputationBuilder } from '../features/staggered/ImputationBuilder';
import { SunabBuilder } from '../features/staggered/SunabBuilder';
import { isSunabSpec } from '../features/staggered/staggeredForm';
import { rdmechBuilders } from '../features/rdmech/entries';
import { seedSpec, type BuilderProps } from './builderProps';

export { seedSpec, type BuilderProps } from './builderProps';

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

export interface BuilderEntry {
  id: string;
  group: BuilderGroup;
  /** i18n key of the builder's name (menu item and builder tab). */
  labelKey: string;
  /** i18n key of one line under the name in the menu. */
  descriptionKey?: string;
  /** Models whose saved specs this builder edits. */
  models: readonly string[];
  /** Narrows `models` to the specs this builder wrote (a feols spec with sunab(), say). */
  accepts?: (spec: unknown) => boolean;
  Builder: ComponentType<BuilderProps>;
}

/** A DID, DDD or lag spec: each gives its DID choices to the DID builder's variants. */
function didFamilySeed(spec: unknown) {
  return seedSpec(didSpec, spec) ?? seedSpec(dddSpec, spec) ?? seedSpec(didLagsSpec, spec);
}

function DidEntry({ datasets, initialDataset, initialSpec, onDone }: BuilderProps): ReactElement {
  return <DidBuilder datasets={datasets} initialDataset={initialDataset} initialSpec={didFamilySeed(initialSpec)} onDone={onDone} />;
}

function DddEntry({ datasets, initialDataset, initialSpec, onDone }: BuilderProps): ReactElement {
  return <DidBuilder variant="ddd" datasets={datasets} initialDataset={initialDataset} initialSpec={didFamilySeed(initialSpec)} onDone={onDone} />;
}

function LagsEntry({ datasets, initialDataset, initialSpec, onDone }: BuilderProps): ReactElement {
  return <DidBuilder variant="did_lags" datasets={datasets} initialDataset={initialDataset} initialSpec={didFamilySeed(initialSpec)} onDone={onDone} />;
}

export const builders: readonly BuilderEntry[] = [
  { id: 'did', group: 'did', labelKey: 'nav.did', descriptionKey: 'builders.didDescription', models: ['did'], Builder: DidEntry },
  { id: 'ddd', group: 'did', labelKey: 'policy.ddd.title', descriptionKey: 'policy.ddd.menuDescription', models: ['ddd'], Builder: DddEntry },
  { id: 'did_lags', group: 'did', labelKey: 'policy.lags.title', descriptionKey: 'policy.lags.menuDescription', models: ['did_lags'], Builder: LagsEntry },
  { id: 'placebo', group: 'placebo', labelKey: 'policy.placebo.title', descriptionKey: 'policy.placebo.menuDescription', models: ['placebo'], Builder: PlaceboBuilder },
  { id: 'did_robustness', group: 'placebo', labelKey: 'policy.robustness.title', descriptionKey: 'policy.robustness.menuDescription', models: ['did_robustness'], Builder: RobustnessBuilder },
  { id: 'matchit', group: 'matching', labelKey: 'policy.psm.title', descriptionKey: 'policy.psm.menuDescription', models: ['matchit'], Builder: MatchitBuilder },
  { id: 'psm_did', group: 'matching', labelKey: 'policy.psmDid.title', descriptionKey: 'policy.psmDid.menuDescription', models: ['psm_did'], Builder: PsmDidBuilder },
  { id: 'att_gt', group: 'staggered', labelKey: 'policy.attgt.title', descriptionKey: 'policy.attgt.menuDescription', models: ['att_gt'], Builder: AttGtBuilder },
  { id: 'sunab', group: 'staggered', labelKey: 'policy.sunab.title', descriptionKey: 'policy.sunab.menuDescription', models: ['feols'], accepts: isSunabSpec, Builder: SunabBuilder },
  { id: 'did_imputation', group: 'staggered', labelKey: 'policy.imputation.title', descriptionKey: 'policy.imputation.menuDescription', models: ['did_imputation'], Builder: ImputationBuilder },
  { id: 'bacon', group: 'staggered', labelKey: 'policy.bacon.title', descriptionKey: 'policy.bacon.menuDescription', models: ['bacon'], Builder: BaconBuilder },
  { id: 'did_compare', group: 'staggered', labelKey: 'policy.compare.title', descriptionKey: 'policy.compare.menuDescription', models: ['did_compare'], Builder: CompareBuilder },
  ...rdmechBuilders,
  { id: 'table', group: 'tables', labelKey: 'publish.menuTitle', descriptionKey: 'publish.menuDescription', models: [], Builder: TableBuilder },
];

export function builderById(id: string): BuilderEntry | null {
  return builders.find((b) => b.id === id) ?? null;
}

/** The builder that opens a saved analysis (its model and spec) again, if any. */
export function builderForModel(model: string, spec?: unknown): BuilderEntry | null {
  return builders.find((b) => b.models.includes(model) && (!b.accepts || b.accepts(spec))) ?? null;
}
