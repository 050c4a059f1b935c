import { useMemo, useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { DatasetInfo } from '../../../../shared/contract';
import { SOBEL_VARIANTS, type MediationSpec } from '../../../../shared/specs/mediation';
import { TextField } from '../../components/Field';
import { ColumnSelect } from '../did/ColumnSelect';
import { Check } from '../analysis-kit/BuilderParts';
import { BuilderShell } from '../analysis-kit/BuilderShell';
import type { AnalysisRun } from '../analysis-kit/useAnalysisRuns';
import { ModelSection } from './ModelSection';
import { buildMediationSpec, initialMediationForm, mechFieldOf, mediationFormFromSpec, type MediationForm } from './mechForm';

export interface MediationBuilderProps {
  datasets: DatasetInfo[];
  initialDataset: string | null;
  initialSpec?: MediationSpec | null;
  onDone: (run: AnalysisRun) => void;
}

/** Mediation: the three stepwise equations, Sobel-type tests and a cluster bootstrap of a·b. */
export function MediationBuilder({ datasets, initialDataset, initialSpec = null, onDone }: MediationBuilderProps): ReactElement {
  const { t } = useTranslation();
  const [form, setForm] = useState<MediationForm>(() => {
    if (!initialSpec) return initialMediationForm(initialDataset ?? datasets[0]?.name ?? '');
    const names = datasets.find((d) => d.name === initialSpec.data)?.columns.map((c) => c.name) ?? [];
    return mediationFormFromSpec(initialSpec, names);
  });
  const dataset = datasets.find((d) => d.name === form.dataset) ?? null;
  const columns = useMemo(() => dataset?.columns ?? [], [dataset]);
  const built = useMemo(() => buildMediationSpec(form), [form]);
  const set = (patch: Partial<MediationForm>): void => setForm((f) => ({ ...f, ...patch }));

  return (
    <BuilderShell
      id="mediation"
      title={t('rdmech.mediation.title')}
      intro={t('rdmech.mediation.intro')}
      built={built}
      plan={(spec) => [{ spec, name: `${spec.outcome} ← ${spec.mediator} ← ${spec.treatment} · ${t('rdmech.mediation.short')}`, label: t('rdmech.mediation.title') }]}
      fieldOf={mechFieldOf}
      runLabel={t('rdmech.mediation.run')}
      onDone={onDone}
      disabled={!dataset}
    >
      {({ errorText, running }) => (
        <>
          <ModelSection
            idPrefix="mediation"
            datasets={datasets}
            columns={columns}
            form={form}
            set={set}
            onDataset={(name) => setForm(initialMediationForm(name))}
            errorText={errorText}
            disabled={running}
            taken={[form.mediator]}
            roleField={
              <ColumnSelect
                id="mediation-mediator"
                label={t('rdmech.mediation.mediator')}
                hint={t('rdmech.mediation.mediatorHint')}
                value={form.mediator}
                columns={columns.filter((c) => c.type === 'number')}
                onChange={(mediator) => set({ mediator })}
                error={errorText('mediator')}
                disabled={running}
              />
            }
          />
          <fieldset className="form-section">
            <legend>{t('rdmech.mediation.sectionTests')}</legend>
            <div className="check-list" role="group" aria-label={t('rdmech.mediation.sobel')}>
              {SOBEL_VARIANTS.map((v) => (
                <Check
                  key={v}
                  label={t(`rdmech.mediation.sobelVariants.${v}`)}
                  checked={form.sobel.includes(v)}
                  onChange={(on) => set({ sobel: on ? SOBEL_VARIANTS.filter((x) => x === v || form.sobel.includes(x)) : form.sobel.filter((x) => x !== v) })}
                  disabled={running}
                />
              ))}
            </div>
            {errorText('sobel') ? (
              <p className="field-error" role="alert">
                {errorText('sobel')}
              </p>
            ) : null}
            <Check label={t('rdmech.mediation.bootstrap')} checked={form.bootstrap} onChange={(bootstrap) => set({ bootstrap })} disabled={running} />
            <p className="field-hint">{t('rdmech.mediation.bootstrapHint')}</p>
            {form.bootstrap ? (
              <div className="field-row">
                <TextField id="mediation-draws" label={t('rdmech.mediation.draws')} inputMode="numeric" value={form.draws} onChange={(draws) => set({ draws })} error={errorText('draws')} disabled={running} />
                <TextField id="mediation-seed" label={t('rdmech.common.seed')} hint={t('rdmech.common.seedHint')} inputMode="numeric" value={form.seed} onChange={(seed) => set({ seed })} error={errorText('seed')} disabled={running} />
              </div>
            ) : null}
          </fieldset>
        </>
      )}
    </BuilderShell>
  );
}
