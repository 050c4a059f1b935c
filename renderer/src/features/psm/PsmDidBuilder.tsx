import { type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { psmDidSpec } from '../../../../shared/specs/psm-did';
import { seedSpec, type BuilderProps } from '../../app/builderProps';
import { TextField } from '../../components/Field';
import { BuilderShell, DatasetField } from '../didkit/BuilderShell';
import { PanelModelFields } from '../didkit/PanelModelFields';
import { RunBar } from '../didkit/RunBar';
import { CheckField, SelectField } from '../didkit/fields';
import { updatePanelModel, type PanelModelState } from '../didkit/panelModel';
import { useBuilder } from '../didkit/useBuilder';
import { MatchingFields } from './MatchingFields';
import { buildPsmDidSpec, initialPsmDidForm, psmDidFieldOfPath, psmDidFormFromSpec, type PsmDidFormState } from './psmForm';

/** PSM-DID: match treated and control units on pre-policy covariates, then run the DID on the matched sample. */
export function PsmDidBuilder({ datasets, initialDataset, initialSpec, onDone }: BuilderProps): ReactElement {
  const { t } = useTranslation();
  const b = useBuilder({
    initial: (): PsmDidFormState => {
      const saved = seedSpec(psmDidSpec, initialSpec);
      return (saved && psmDidFormFromSpec(saved)) ?? initialPsmDidForm(initialDataset ?? datasets[0]?.name ?? '');
    },
    build: buildPsmDidSpec,
    fieldOf: psmDidFieldOfPath,
    name: (spec) => t('policy.psmDid.analysisName', { formula: spec.did_formula }),
    onDone,
  });
  const { form, set, errorText, running } = b;
  const columns = datasets.find((d) => d.name === form.dataset)?.columns ?? [];
  const setDid = (patch: Partial<PanelModelState>): void => set({ did: updatePanelModel(form.did, patch) });
  return (
    <BuilderShell id="psmdid" title={t('policy.psmDid.title')} intro={t('policy.psmDid.intro')} onSubmit={() => void b.submit()} invalid={b.invalid}>
      <fieldset className="form-section">
        <legend>{t('did.sectionData')}</legend>
        <DatasetField id="psmdid-dataset" datasets={datasets} value={form.dataset} onChange={(name) => b.reset(initialPsmDidForm(name))} error={errorText('dataset')} disabled={running} />
      </fieldset>
      <PanelModelFields
        idPrefix="psmdid"
        state={form.did}
        columns={columns}
        onChange={setDid}
        errorText={errorText}
        disabled={running}
        treatmentHint={t('policy.psmDid.treatmentHint')}
      />
      <MatchingFields
        state={form}
        columns={columns}
        taken={[form.did.outcome, form.did.treatment, form.did.unit, form.did.time]}
        onChange={set}
        errorText={errorText}
        disabled={running}
        treatedLabel={t('policy.psmDid.treated')}
        treatedHint={t('policy.psmDid.treatedHint')}
      />
      <fieldset className="form-section">
        <legend>{t('policy.psmDid.sectionMode')}</legend>
        <div className="field-row">
          <SelectField
            id="psmdid-mode"
            label={t('policy.psmDid.matching')}
            hint={t(`policy.psmDid.modeHints.${form.matching}`)}
            value={form.matching}
            options={(['by_period', 'pooled', 'baseline'] as const).map((value) => ({ value, label: t(`policy.psmDid.modes.${value}`) }))}
            onChange={(matching) => set({ matching })}
            disabled={running}
          />
          {form.matching === 'baseline' ? (
            <TextField
              id="psmdid-baseline"
              label={t('policy.psmDid.baselinePeriod')}
              hint={t('policy.psmDid.baselinePeriodHint')}
              value={form.baselinePeriod}
              onChange={(baselinePeriod) => set({ baselinePeriod })}
              error={errorText('baselinePeriod')}
              disabled={running}
            />
          ) : null}
        </div>
        <CheckField label={t('policy.psmDid.useWeights')} hint={t('policy.psmDid.useWeightsHint')} checked={form.useWeights} onChange={(useWeights) => set({ useWeights })} disabled={running} />
      </fieldset>
      <RunBar state={b.job} runLabel={t('policy.psmDid.run')} onCancel={b.cancel} disabled={columns.length === 0} />
    </BuilderShell>
  );
}
