/**
 * The RD, mechanism and discrete-outcome entries of the builder menu (app/builders.tsx) and of
 * the result views (features/results/resultViews.tsx), spread into those registries.
 */
import type { ComponentType, ReactElement } from 'react';
import { indexSpec } from '../../../../shared/specs/composite-index';
import { glmSpec } from '../../../../shared/specs/glm';
import { heterogeneitySpec } from '../../../../shared/specs/heterogeneity';
import { mediationSpec } from '../../../../shared/specs/mediation';
import { moderationSpec } from '../../../../shared/specs/moderation';
import { polrSpec } from '../../../../shared/specs/polr';
import { rdbwselectSpec } from '../../../../shared/specs/rdbwselect';
import { rddensitySpec } from '../../../../shared/specs/rddensity';
import { rdplotSpec } from '../../../../shared/specs/rdplot';
import { rdrobustSpec } from '../../../../shared/specs/rdrobust';
import { rdsensitivitySpec } from '../../../../shared/specs/rdsensitivity';
import { seedSpec, type BuilderProps } from '../../app/builderProps';
import type { BuilderEntry } from '../../app/builders';
import type { ResultViewProps } from '../results/resultViews';
import { DiscreteBuilder } from '../discrete/DiscreteBuilder';
import { discreteResultViews } from '../discrete/DiscreteResultViews';
import { HeterogeneityBuilder } from '../mech/HeterogeneityBuilder';
import { IndexBuilder } from '../mech/IndexBuilder';
import { MediationBuilder } from '../mech/MediationBuilder';
import { mechResultViews } from '../mech/MechResultViews';
import { ModerationBuilder } from '../mech/ModerationBuilder';
import { RdBuilder } from '../rd/RdBuilder';
import { rdResultViews } from '../rd/RdResultViews';
import type { RdModel, RdSpec } from '../rd/rdForm';

/** Any saved RD spec opens the RD builder (on its own analysis). */
function rdSeed(spec: unknown): RdSpec | null {
  return seedSpec(rdrobustSpec, spec) ?? seedSpec(rdplotSpec, spec) ?? seedSpec(rddensitySpec, spec) ?? seedSpec(rdsensitivitySpec, spec) ?? seedSpec(rdbwselectSpec, spec);
}

function rdEntry(model: RdModel): ComponentType<BuilderProps> {
  function RdEntry({ datasets, initialDataset, initialSpec, onDone }: BuilderProps): ReactElement {
    return <RdBuilder model={model} datasets={datasets} initialDataset={initialDataset} initialSpec={rdSeed(initialSpec)} onDone={onDone} />;
  }
  return RdEntry;
}

function MediationEntry({ datasets, initialDataset, initialSpec, onDone }: BuilderProps): ReactElement {
  return <MediationBuilder datasets={datasets} initialDataset={initialDataset} initialSpec={seedSpec(mediationSpec, initialSpec)} onDone={onDone} />;
}

function ModerationEntry({ datasets, initialDataset, initialSpec, onDone }: BuilderProps): ReactElement {
  return <ModerationBuilder datasets={datasets} initialDataset={initialDataset} initialSpec={seedSpec(moderationSpec, initialSpec)} onDone={onDone} />;
}

function HeterogeneityEntry({ datasets, initialDataset, initialSpec, onDone }: BuilderProps): ReactElement {
  return <HeterogeneityBuilder datasets={datasets} initialDataset={initialDataset} initialSpec={seedSpec(heterogeneitySpec, initialSpec)} onDone={onDone} />;
}

function IndexEntry({ datasets, initialDataset, initialSpec, onDone }: BuilderProps): ReactElement {
  return <IndexBuilder datasets={datasets} initialDataset={initialDataset} initialSpec={seedSpec(indexSpec, initialSpec)} onDone={onDone} />;
}

function GlmEntry({ datasets, initialDataset, initialSpec, onDone }: BuilderProps): ReactElement {
  return <DiscreteBuilder model="glm" datasets={datasets} initialDataset={initialDataset} initialSpec={seedSpec(glmSpec, initialSpec)} onDone={onDone} />;
}

function PolrEntry({ datasets, initialDataset, initialSpec, onDone }: BuilderProps): ReactElement {
  return <DiscreteBuilder model="polr" datasets={datasets} initialDataset={initialDataset} initialSpec={seedSpec(polrSpec, initialSpec)} onDone={onDone} />;
}

const RD_ENTRIES: RdModel[] = ['rdrobust', 'rdplot', 'rddensity', 'rdsensitivity', 'rdbwselect'];

export const rdmechBuilders: readonly BuilderEntry[] = [
  ...RD_ENTRIES.map((model): BuilderEntry => ({ id: model, group: 'rd', labelKey: `rdmech.menu.${model}`, descriptionKey: `rdmech.menuHelp.${model}`, models: [model], Builder: rdEntry(model) })),
  { id: 'mediation', group: 'mechanisms', labelKey: 'rdmech.menu.mediation', descriptionKey: 'rdmech.menuHelp.mediation', models: ['mediation'], Builder: MediationEntry },
  { id: 'moderation', group: 'mechanisms', labelKey: 'rdmech.menu.moderation', descriptionKey: 'rdmech.menuHelp.moderation', models: ['moderation'], Builder: ModerationEntry },
  { id: 'heterogeneity', group: 'mechanisms', labelKey: 'rdmech.menu.heterogeneity', descriptionKey: 'rdmech.menuHelp.heterogeneity', models: ['heterogeneity'], Builder: HeterogeneityEntry },
  { id: 'index', group: 'mechanisms', labelKey: 'rdmech.menu.index', descriptionKey: 'rdmech.menuHelp.index', models: ['index'], Builder: IndexEntry },
  { id: 'glm', group: 'discrete', labelKey: 'rdmech.menu.glm', descriptionKey: 'rdmech.menuHelp.glm', models: ['glm'], Builder: GlmEntry },
  { id: 'polr', group: 'discrete', labelKey: 'rdmech.menu.polr', descriptionKey: 'rdmech.menuHelp.polr', models: ['polr'], Builder: PolrEntry },
];

export const rdmechResultViews: Readonly<Record<string, ComponentType<ResultViewProps>>> = {
  ...rdResultViews,
  ...mechResultViews,
  ...discreteResultViews,
};
