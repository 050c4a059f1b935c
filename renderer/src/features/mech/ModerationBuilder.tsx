import { useMemo, useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { DatasetInfo } from '../../../../shared/contract';
import type { ModerationSpec } from '../../../../shared/specs/moderation';
import { TextField } from '../../components/Field';
import { ColumnSelect } from '../did/ColumnSelect';
import { RadioChoice } from '../analysis-kit/BuilderParts';
import { BuilderShell } from '../analysis-kit/BuilderShell';
import type { AnalysisRun } from '../analysis-kit/useAnalysisRuns';
import { ModelSection } from './ModelSection';
import { buildModerationSpec, initialModerationForm, mechFieldOf, moderationFormFromSpec, type ModerationForm } from './mechForm';

export interface ModerationBuilderProps {
  datasets: DatasetInfo[];
  initialDataset: string | null;
  initialSpec?: ModerationSpec | null;
  onDone: (run: AnalysisRun) => void;
}

/** Moderation: treatment × moderator, the marginal effect over the moderator and Johnson–Neyman. */
export function ModerationBuilder({ datasets, initialDataset, initialSpec = null, onDone }: ModerationBuilderProps): ReactElement {
  const { t } = useTranslation();
  const [form, setForm] = useState<ModerationForm>(() => {
    if (!initialSpec) return initialModerationForm(initialDataset ?? datasets[0]?.name ?? '');
    const names = datasets.find((d) => d.name === initialSpec.data)?.columns.map((c) => c.name) ?? [];
    return moderationFormFromSpec(initialSpec, names);
  });
  const dataset = datasets.find((d) => d.name === form.dataset) ?? null;
  const columns = useMemo(() => dataset?.columns ?? [], [dataset]);
  const built = useMemo(() => buildModerationSpec(form), [form]);
  const set = (patch: Partial<ModerationForm>): void => setForm((f) => ({ ...f, ...patch }));

  return (
    <BuilderShell
      id="moderation"
      title={t('rdmech.moderation.title')}
      intro={t('rdmech.moderation.intro')}
      built={built}
      plan={(spec) => [{ spec, name: `${spec.outcome} ~ ${spec.treatment} × ${spec.moderator} · ${t('rdmech.moderation.short')}`, label: t('rdmech.moderation.title') }]}
      fieldOf={mechFieldOf}
      runLabel={t('rdmech.moderation.run')}
      onDone={onDone}
      disabled={!dataset}
    >
      {({ errorText, running }) => (
        <>
          <ModelSection
            idPrefix="moderation"
            datasets={datasets}
            columns={columns}
            form={form}
            set={set}
            onDataset={(name) => setForm(initialModerationForm(name))}
            errorText={errorText}
            disabled={running}
            taken={[form.moderator]}
            roleField={
              <ColumnSelect
                id="moderation-moderator"
                label={t('rdmech.moderation.moderator')}
                hint={t('rdmech.moderation.moderatorHint')}
                value={form.moderator}
                columns={columns.filter((c) => c.type === 'number')}
                onChange={(moderator) => set({ moderator })}
                error={errorText('moderator')}
                disabled={running}
              />
            }
          />
          <fieldset className="form-section">
            <legend>{t('rdmech.moderation.sectionCurve')}</legend>
            <RadioChoice
              name="moderation-center"
              label={t('rdmech.moderation.center')}
              value={form.center}
              options={[
                { value: 'mean', label: t('rdmech.moderation.centerMean') },
                { value: 'none', label: t('rdmech.moderation.centerNone') },
                { value: 'value', label: t('rdmech.moderation.centerValue') },
              ]}
              onChange={(center) => set({ center })}
              disabled={running}
            />
            <p className="field-hint">{t('rdmech.moderation.centerHint')}</p>
            <div className="field-row">
              {form.center === 'value' ? (
                <TextField id="moderation-center-value" label={t('rdmech.moderation.centerAt')} inputMode="numeric" value={form.centerValue} onChange={(centerValue) => set({ centerValue })} error={errorText('center')} disabled={running} />
              ) : null}
              <TextField id="moderation-grid" label={t('rdmech.moderation.gridPoints')} inputMode="numeric" value={form.gridPoints} onChange={(gridPoints) => set({ gridPoints })} error={errorText('gridPoints')} disabled={running} />
              <TextField id="moderation-at" label={t('rdmech.moderation.at')} hint={t('rdmech.moderation.atHint')} value={form.at} onChange={(at) => set({ at })} error={errorText('at')} disabled={running} />
              <TextField id="moderation-bins" label={t('rdmech.moderation.bins')} hint={t('rdmech.moderation.binsHint')} inputMode="numeric" value={form.bins} onChange={(bins) => set({ bins })} error={errorText('bins')} disabled={running} />
            </div>
          </fieldset>
        </>
      )}
    </BuilderShell>
  );
}
