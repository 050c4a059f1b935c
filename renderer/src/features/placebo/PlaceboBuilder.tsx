import { useMemo, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { didSpec } from '../../../../shared/specs/did';
import { placeboSpec } from '../../../../shared/specs/placebo';
import { seedSpec, type BuilderProps } from '../../app/builderProps';
import { TextField } from '../../components/Field';
import { BuilderShell, DatasetField } from '../didkit/BuilderShell';
import { PanelModelFields } from '../didkit/PanelModelFields';
import { RunBar } from '../didkit/RunBar';
import { updatePanelModel } from '../didkit/panelModel';
import { useBuilder } from '../didkit/useBuilder';
import {
  buildPlaceboSpec,
  fieldOfPath,
  initialPlaceboForm,
  placeboFormFromDid,
  placeboFormFromSpec,
  type PlaceboFormState,
  type PlaceboKind,
} from './placeboForm';

/** The form to start from: a saved placebo test, a saved DID (test its treatment), or empty. */
function startForm(initialSpec: unknown, dataset: string): PlaceboFormState {
  const saved = seedSpec(placeboSpec, initialSpec);
  const fromSaved = saved ? placeboFormFromSpec(saved) : null;
  if (fromSaved) return fromSaved;
  const did = seedSpec(didSpec, initialSpec);
  const fromDid = did ? placeboFormFromDid(did) : null;
  return fromDid ?? initialPlaceboForm(dataset);
}

const KINDS: PlaceboKind[] = ['in_space', 'in_time', 'mixed'];

/** Placebo and permutation tests: pseudo treatments in space, in time or both, re-estimated draw by draw. */
export function PlaceboBuilder({ datasets, initialDataset, initialSpec, onDone }: BuilderProps): ReactElement {
  const { t } = useTranslation();
  const b = useBuilder({
    initial: () => startForm(initialSpec, initialDataset ?? datasets[0]?.name ?? ''),
    build: buildPlaceboSpec,
    fieldOf: fieldOfPath,
    update: updatePanelModel,
    name: (spec) => t('policy.placebo.analysisName', { kind: t(`policy.placebo.kindsShort.${spec.kind}`), treatment: spec.treatment }),
    onDone,
  });
  const { form, set, errorText, running } = b;
  const dataset = datasets.find((d) => d.name === form.dataset) ?? null;
  const columns = useMemo(() => dataset?.columns ?? [], [dataset]);

  return (
    <BuilderShell id="placebo" title={t('policy.placebo.title')} intro={t('policy.placebo.intro')} onSubmit={() => void b.submit()} invalid={b.invalid}>
      <fieldset className="form-section">
        <legend>{t('did.sectionData')}</legend>
        <DatasetField
          id="placebo-dataset"
          datasets={datasets}
          value={form.dataset}
          onChange={(name) => b.reset(initialPlaceboForm(name))}
          error={errorText('dataset')}
          disabled={running}
        />
      </fieldset>
      <PanelModelFields
        idPrefix="placebo"
        state={form}
        columns={columns}
        onChange={set}
        errorText={errorText}
        disabled={running}
        treatmentHint={t('policy.placebo.treatmentHint')}
      />
      <fieldset className="form-section">
        <legend>{t('policy.placebo.sectionDraws')}</legend>
        <div className="radio-group" role="radiogroup" aria-label={t('policy.placebo.kind')}>
          {KINDS.map((kind) => (
            <label key={kind} className="radio radio-described">
              <input
                type="radio"
                name="placebo-kind"
                value={kind}
                checked={form.kind === kind}
                onChange={() => set({ kind })}
                disabled={running}
              />
              <span>
                <strong>{t(`policy.placebo.kinds.${kind}`)}</strong>
                <span className="field-hint">{t(`policy.placebo.kindHints.${kind}`)}</span>
              </span>
            </label>
          ))}
        </div>
        <div className="field-row">
          {form.kind === 'in_time' ? (
            <TextField
              id="placebo-shifts"
              label={t('policy.placebo.shifts')}
              hint={t('policy.placebo.shiftsHint')}
              placeholder="1 2 3"
              value={form.shifts}
              onChange={(shifts) => set({ shifts })}
              error={errorText('shifts')}
              disabled={running}
            />
          ) : (
            <TextField
              id="placebo-draws"
              label={t('policy.placebo.draws')}
              hint={t('policy.placebo.drawsHint')}
              inputMode="numeric"
              value={form.draws}
              onChange={(draws) => set({ draws })}
              error={errorText('draws')}
              disabled={running}
            />
          )}
          <TextField
            id="placebo-seed"
            label={t('policy.placebo.seed')}
            hint={t('policy.placebo.seedHint')}
            inputMode="numeric"
            value={form.seed}
            onChange={(seed) => set({ seed })}
            error={errorText('seed')}
            disabled={running}
          />
        </div>
      </fieldset>
      <RunBar state={b.job} runLabel={t('policy.placebo.run')} onCancel={b.cancel} disabled={!dataset} />
    </BuilderShell>
  );
}
