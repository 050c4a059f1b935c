import { useEffect, useMemo, useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import type { AnalysisInfo } from '../../../../shared/contract';
import { didSpec, type DidSpec } from '../../../../shared/specs/did';
import { robustnessSpec } from '../../../../shared/specs/robustness';
import { useApi } from '../../app/ApiContext';
import { seedSpec, type BuilderProps } from '../../app/builderProps';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Field, TextField } from '../../components/Field';
import { ColumnSelect } from '../did/ColumnSelect';
import { BuilderShell } from '../didkit/BuilderShell';
import { RunBar } from '../didkit/RunBar';
import { CheckField, ColumnChecks } from '../didkit/fields';
import { useBuilder } from '../didkit/useBuilder';
import {
  VARIANT_KINDS,
  buildRobustnessSpec,
  initialRobustnessForm,
  robustnessFieldOfPath,
  robustnessFormFromSpec,
  type RobustnessField,
  type RobustnessFormState,
  type VariantKind,
  type VariantState,
} from './robustnessForm';

/** What the DID result view hands over: the DID to vary and its saved analysis. */
const baseSeed = z.object({ base: didSpec, base_id: z.string().min(1) });

function startForm(initialSpec: unknown): RobustnessFormState {
  const saved = seedSpec(robustnessSpec, initialSpec);
  if (saved) return robustnessFormFromSpec(saved);
  return initialRobustnessForm(seedSpec(baseSeed, initialSpec)?.base_id ?? '');
}

interface VariantFieldsProps {
  kind: VariantKind;
  v: VariantState;
  onChange: (patch: Partial<VariantState>) => void;
  errorText: (field: RobustnessField) => string | undefined;
  columns: BuilderProps['datasets'][number]['columns'];
  base: DidSpec;
  disabled: boolean;
}

/** The parameters of one ticked variant. */
function VariantFields({ kind, v, onChange, errorText, columns, base, disabled }: VariantFieldsProps): ReactElement | null {
  const { t } = useTranslation();
  const id = (p: string): string => `rob-${kind}-${p}`;
  const numeric = columns.filter((c) => c.type === 'number');
  const roles = [base.outcome, base.unit, base.time, ...base.controls];
  switch (kind) {
    case 'winsorize':
      return (
        <>
          <div className="field-row">
            <TextField id={id('lower')} label={t('policy.robustness.lower')} inputMode="numeric" value={v.lower} onChange={(lower) => onChange({ lower })} error={errorText('winsorize.lower')} disabled={disabled} />
            <TextField id={id('upper')} label={t('policy.robustness.upper')} inputMode="numeric" value={v.upper} onChange={(upper) => onChange({ upper })} error={errorText('winsorize.upper')} disabled={disabled} />
          </div>
          <CheckField label={t('policy.robustness.byTime')} checked={v.byTime} onChange={(byTime) => onChange({ byTime })} disabled={disabled} />
        </>
      );
    case 'drop_units':
    case 'drop_times':
      return (
        <TextField
          id={id('list')}
          label={kind === 'drop_units' ? t('policy.robustness.ids') : t('policy.robustness.times')}
          hint={kind === 'drop_units' ? t('policy.robustness.idsHint') : undefined}
          value={v.list}
          onChange={(list) => onChange({ list })}
          error={errorText(`${kind}.list`)}
          disabled={disabled}
        />
      );
    case 'drop_values':
      return (
        <div className="field-row">
          <ColumnSelect id={id('column')} label={t('policy.robustness.column')} value={v.column} columns={columns} onChange={(column) => onChange({ column })} error={errorText('drop_values.column')} disabled={disabled} />
          <TextField id={id('list')} label={t('policy.robustness.values')} hint={t('policy.robustness.valuesHint')} value={v.list} onChange={(list) => onChange({ list })} error={errorText('drop_values.list')} disabled={disabled} />
        </div>
      );
    case 'concurrent_policies':
      return (
        <ColumnChecks
          label={t('policy.robustness.policies')}
          columns={numeric.filter((c) => !roles.includes(c.name))}
          selected={v.columns}
          onChange={(cols) => onChange({ columns: cols })}
          error={errorText('concurrent_policies.columns')}
          disabled={disabled}
        />
      );
    case 'group_time_fe':
      return <ColumnSelect id={id('column')} label={t('policy.robustness.groupColumn')} value={v.column} columns={columns} onChange={(column) => onChange({ column })} error={errorText('group_time_fe.column')} disabled={disabled} />;
    case 'alt_outcome':
      return <ColumnSelect id={id('column')} label={t('policy.robustness.outcome')} value={v.column} columns={numeric} onChange={(column) => onChange({ column })} error={errorText('alt_outcome.column')} disabled={disabled} />;
    case 'unit_trends':
      return null;
  }
}

/** One-click robustness variants of a saved DID; the run stores each variant as its own analysis linked to the base (main/workers/tasks.ts). */
export function RobustnessBuilder({ datasets, initialSpec, onDone }: BuilderProps): ReactElement {
  const { t } = useTranslation();
  const api = useApi();
  const [analyses, setAnalyses] = useState<AnalysisInfo[] | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  useEffect(() => {
    let live = true;
    api.call('analysis.list', {}).then(
      (r) => live && setAnalyses(r.analyses),
      (e: unknown) => live && setLoadError(e),
    );
    return () => {
      live = false;
    };
  }, [api]);

  /** Saved DIDs that are not themselves variants. */
  const bases = useMemo(
    () =>
      (analyses ?? []).flatMap((a) => {
        const spec = didSpec.safeParse(a.spec);
        return spec.success && !spec.data.base_id ? [{ id: a.id, name: a.name, spec: spec.data }] : [];
      }),
    [analyses],
  );
  const build = useMemo(
    () => (state: RobustnessFormState) => {
      const base = bases.find((b) => b.id === state.baseId) ?? null;
      const columns = datasets.find((d) => d.name === base?.spec.data)?.columns ?? [];
      return buildRobustnessSpec(state, base, columns);
    },
    [bases, datasets],
  );
  const b = useBuilder({
    initial: () => startForm(initialSpec),
    build,
    fieldOf: robustnessFieldOfPath,
    name: (spec) => t('policy.robustness.analysisName', { base: bases.find((x) => x.id === spec.base_id)?.name ?? spec.base.outcome }),
    onDone,
  });
  const { form, set, errorText, running } = b;
  const base = bases.find((x) => x.id === form.baseId) ?? null;
  const columns = datasets.find((d) => d.name === base?.spec.data)?.columns ?? [];
  const setVariant = (kind: VariantKind, patch: Partial<VariantState>): void =>
    set({ variants: { ...form.variants, [kind]: { ...form.variants[kind], ...patch } } });

  if (loadError) return <ErrorMessage error={loadError} />;
  if (analyses === null) return <p className="muted">{t('common.loading')}</p>;
  const variantsError = errorText('variants');

  return (
    <BuilderShell id="robustness" title={t('policy.robustness.title')} intro={t('policy.robustness.intro')} onSubmit={() => void b.submit()} invalid={b.invalid}>
      <fieldset className="form-section">
        <legend>{t('policy.robustness.base')}</legend>
        {bases.length === 0 ? (
          <p className="notice notice-warn">{t('policy.robustness.noBase')}</p>
        ) : (
          <Field id="rob-base" label={t('policy.robustness.base')} hint={t('policy.robustness.baseHint')} error={errorText('base')}>
            <select id="rob-base" value={form.baseId} onChange={(e) => set({ baseId: e.target.value })} disabled={running}>
              <option value="">{t('policy.robustness.chooseBase')}</option>
              {bases.map((x) => (
                <option key={x.id} value={x.id}>
                  {`${x.name} · ${x.spec.data}`}
                </option>
              ))}
            </select>
          </Field>
        )}
      </fieldset>
      {base ? (
        <fieldset className="form-section">
          <legend>{t('policy.robustness.sectionVariants')}</legend>
          {variantsError ? (
            <p className="field-error" role="alert">
              {variantsError}
            </p>
          ) : null}
          {VARIANT_KINDS.map((kind) => {
            const v = form.variants[kind];
            return (
              <div key={kind} className={v.on ? 'variant-card variant-on' : 'variant-card'} data-variant={kind}>
                <CheckField label={t(`policy.robustness.kinds.${kind}`)} checked={v.on} onChange={(on) => setVariant(kind, { on })} disabled={running} />
                {v.on ? (
                  <div className="subfields">
                    <VariantFields kind={kind} v={v} onChange={(patch) => setVariant(kind, patch)} errorText={errorText} columns={columns} base={base.spec} disabled={running} />
                    <TextField id={`rob-${kind}-label`} label={t('policy.robustness.label')} value={v.label} onChange={(label) => setVariant(kind, { label })} disabled={running} />
                  </div>
                ) : null}
              </div>
            );
          })}
        </fieldset>
      ) : null}
      <RunBar state={b.job} runLabel={t('policy.robustness.run')} onCancel={b.cancel} disabled={!base} />
    </BuilderShell>
  );
}
