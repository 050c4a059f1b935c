import { type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { matchitSpec } from '../../../../shared/specs/matchit';
import { seedSpec, type BuilderProps } from '../../app/builderProps';
import { ColumnSelect } from '../did/ColumnSelect';
import { BuilderShell, DatasetField } from '../didkit/BuilderShell';
import { RunBar } from '../didkit/RunBar';
import { CheckField, SelectField } from '../didkit/fields';
import { useBuilder } from '../didkit/useBuilder';
import { MatchingFields } from './MatchingFields';
import { buildMatchitSpec, initialMatchitForm, matchitFieldOfPath, matchitFormFromSpec, type MatchitFormState } from './psmForm';

/** Propensity-score matching with balance before and after, and the ATT on the matched sample. */
export function MatchitBuilder({ datasets, initialDataset, initialSpec, onDone }: BuilderProps): ReactElement {
  const { t } = useTranslation();
  const b = useBuilder({
    initial: (): MatchitFormState => {
      const saved = seedSpec(matchitSpec, initialSpec);
      return (saved && matchitFormFromSpec(saved)) ?? initialMatchitForm(initialDataset ?? datasets[0]?.name ?? '');
    },
    build: buildMatchitSpec,
    fieldOf: matchitFieldOfPath,
    name: (spec) => t('policy.psm.analysisName', { formula: spec.formula }),
    onDone,
  });
  const { form, set, errorText, running } = b;
  const columns = datasets.find((d) => d.name === form.dataset)?.columns ?? [];
  const numeric = columns.filter((c) => c.type === 'number');
  return (
    <BuilderShell id="psm" title={t('policy.psm.title')} intro={t('policy.psm.intro')} onSubmit={() => void b.submit()} invalid={b.invalid}>
      <fieldset className="form-section">
        <legend>{t('did.sectionData')}</legend>
        <DatasetField id="psm-dataset" datasets={datasets} value={form.dataset} onChange={(name) => b.reset(initialMatchitForm(name))} error={errorText('dataset')} disabled={running} />
      </fieldset>
      <MatchingFields
        state={form}
        columns={columns}
        taken={form.outcome ? [form.outcome] : []}
        onChange={set}
        errorText={errorText}
        disabled={running}
        treatedLabel={t('policy.psm.treated')}
        treatedHint={t('policy.psm.treatedHint')}
      />
      <fieldset className="form-section">
        <legend>{t('policy.psm.sectionAtt')}</legend>
        <div className="field-row">
          <ColumnSelect
            id="psm-outcome"
            label={t('policy.psm.outcome')}
            hint={t('policy.psm.outcomeHint')}
            value={form.outcome}
            columns={numeric}
            onChange={(outcome) => set({ outcome })}
            emptyOption={t('policy.psm.noOutcome')}
            error={errorText('outcome')}
            disabled={running}
          />
          {form.outcome ? (
            <SelectField
              id="psm-att-vcov"
              label={t('policy.psm.attVcov')}
              value={form.attVcov}
              options={(['auto', 'pair', 'pair_id', 'HC3', 'iid'] as const).map((value) => ({ value, label: t(`policy.psm.vcovs.${value}`) }))}
              onChange={(attVcov) => set({ attVcov })}
              disabled={running}
            />
          ) : null}
        </div>
        {form.outcome ? (
          <CheckField label={t('policy.psm.attCovariates')} hint={t('policy.psm.attCovariatesHint')} checked={form.attCovariates} onChange={(attCovariates) => set({ attCovariates })} disabled={running} />
        ) : null}
      </fieldset>
      <RunBar state={b.job} runLabel={t('policy.psm.run')} onCancel={b.cancel} disabled={columns.length === 0} />
    </BuilderShell>
  );
}
