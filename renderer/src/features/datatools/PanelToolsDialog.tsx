import { useState, type FormEvent, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { DatasetInfo } from '../../../../shared/contract';
import type { PanelDeclaration, StepReport } from '../../../../shared/contract-data';
import { useApi } from '../../app/ApiContext';
import { Dialog, FormFooter } from '../../components/Dialog';
import { ErrorMessage } from '../../components/ErrorMessage';
import { TextField } from '../../components/Field';
import { JobStatus } from './JobStatus';
import { Check, Choice, ColumnChecks, TextAreaField, useErrorText } from './formParts';
import {
  buildDummies,
  buildLag,
  buildRelativeTime,
  buildStandardize,
  buildTreatment,
  buildWinsorize,
  type Built,
  type LagKind,
  type TreatmentForm,
} from './stepForms';
import { ColumnSelect } from '../did/ColumnSelect';
import { useDeclaredPanel, useStepApply } from './useStepApply';

export type PanelTool = 'lag' | 'winsorize' | 'standardize' | 'dummies' | 'relativeTime' | 'treatment';
const TOOLS: readonly PanelTool[] = ['lag', 'winsorize', 'standardize', 'dummies', 'relativeTime', 'treatment'];

export interface PanelToolsDialogProps {
  dataset: DatasetInfo;
  onApplied: (dataset: DatasetInfo, report: StepReport) => void;
  onClose: () => void;
}

/**
 * Panel-aware transforms: declare the unit and time once (kept with the dataset), then make
 * lags, leads and differences within units, winsorize or trim (pooled or by period),
 * standardize, make dummies, relative time to an event, or DID treatment indicators.
 */
export function PanelToolsDialog({ dataset, onApplied, onClose }: PanelToolsDialogProps): ReactElement {
  const { t } = useTranslation();
  const api = useApi();
  const { job, errors, setErrors, apply } = useStepApply(dataset.id, onApplied);
  const columns = dataset.columns;
  const numeric = columns.filter((c) => c.type === 'number');
  const [unit, setUnit] = useState('');
  const [time, setTime] = useState('');
  const [declareError, setDeclareError] = useState<unknown>(null);
  const [tool, setTool] = useState<PanelTool>('lag');
  const errorText = useErrorText(errors);

  const [lag, setLag] = useState({ column: '', kind: 'lag' as LagKind, periods: '1', delta: '', into: '' });
  const [winsor, setWinsor] = useState({ columns: [] as string[], lower: '1', upper: '99', byPeriod: false, mode: 'winsorize' as 'winsorize' | 'trim', suffix: '_w' });
  const [std, setStd] = useState({ columns: [] as string[], byPeriod: false, suffix: '_std' });
  const [dum, setDum] = useState({ column: '', prefix: '', dropFirst: false });
  const [rel, setRel] = useState({ event: '', into: 'rel_time', never: '0', min: '', max: '' });
  const [treat, setTreat] = useState<TreatmentForm>({ source: 'ids', ids: '', treatedColumn: '', policyTime: '', firstTreatColumn: '' });

  useDeclaredPanel(
    dataset.id,
    (p) => {
      setUnit(p.unit);
      setTime(p.time);
    },
    setDeclareError,
  );

  const panel: PanelDeclaration | null = unit !== '' && time !== '' && unit !== time ? { unit, time } : null;

  const declare = (nextUnit: string, nextTime: string): void => {
    setUnit(nextUnit);
    setTime(nextTime);
    if (nextUnit === '' || nextTime === '' || nextUnit === nextTime) return;
    api.call('dataset.setPanel', { datasetId: dataset.id, panel: { unit: nextUnit, time: nextTime } }).then(
      () => setDeclareError(null),
      (e: unknown) => setDeclareError(e),
    );
  };

  const build = (): Built => {
    switch (tool) {
      case 'winsorize':
        return buildWinsorize(winsor, panel);
      case 'standardize':
        return buildStandardize(std.columns, std.byPeriod, std.suffix, panel);
      case 'dummies':
        return buildDummies(dum.column, dum.prefix, dum.dropFirst);
    }
    // The other tools work within units over time.
    if (!panel) return { step: null, errors: { panel: { key: 'declarePanel' } } };
    switch (tool) {
      case 'lag':
        return buildLag(lag, panel, columns);
      case 'relativeTime':
        return buildRelativeTime(rel, panel, columns);
      case 'treatment':
        return buildTreatment(treat, panel, columns);
    }
  };

  const submit = (e: FormEvent): void => {
    e.preventDefault();
    void apply(build());
  };

  const busy = job.busy;
  let form: ReactElement;
  switch (tool) {
    case 'lag':
      form = (
        <>
          <ColumnSelect id="pt-lag-column" label={t('dataTools.panel.variable')} value={lag.column} columns={numeric} onChange={(column) => setLag({ ...lag, column })} error={errorText('column')} disabled={busy} />
          <Choice
            name="pt-lag-kind"
            label={t('dataTools.panel.lagKind')}
            value={lag.kind}
            options={(['lag', 'lead', 'diff'] as const).map((v) => ({ value: v, label: t(`dataTools.panel.${v}`) }))}
            onChange={(kind) => setLag({ ...lag, kind })}
            disabled={busy}
          />
          <div className="field-row">
            <TextField id="pt-lag-periods" label={t('dataTools.panel.periods')} value={lag.periods} onChange={(periods) => setLag({ ...lag, periods })} error={errorText('periods')} inputMode="numeric" disabled={busy} />
            <TextField id="pt-lag-delta" label={t('dataTools.panel.delta')} hint={t('dataTools.panel.deltaHint')} value={lag.delta} onChange={(delta) => setLag({ ...lag, delta })} error={errorText('delta')} inputMode="numeric" disabled={busy} />
          </div>
          <TextField id="pt-lag-into" label={t('dataTools.fields.into')} hint={t('dataTools.panel.lagIntoHint')} value={lag.into} onChange={(into) => setLag({ ...lag, into })} error={errorText('into')} disabled={busy} />
          <p className="field-hint">{t('dataTools.panel.gapsHint')}</p>
        </>
      );
      break;
    case 'winsorize':
      form = (
        <>
          <ColumnChecks id="pt-w-columns" label={t('dataTools.fields.columns')} columns={numeric} selected={winsor.columns} onChange={(c) => setWinsor({ ...winsor, columns: c })} error={errorText('columns')} disabled={busy} />
          <Choice
            name="pt-w-mode"
            label={t('dataTools.panel.winsorMode')}
            value={winsor.mode}
            options={[
              { value: 'winsorize', label: t('dataTools.panel.winsorize') },
              { value: 'trim', label: t('dataTools.panel.trim') },
            ]}
            onChange={(mode) => setWinsor({ ...winsor, mode, suffix: mode === 'trim' ? '_tr' : '_w' })}
            disabled={busy}
          />
          <div className="field-row">
            <TextField id="pt-w-lower" label={t('dataTools.panel.lower')} value={winsor.lower} onChange={(lower) => setWinsor({ ...winsor, lower })} error={errorText('lower')} inputMode="numeric" disabled={busy} />
            <TextField id="pt-w-upper" label={t('dataTools.panel.upper')} value={winsor.upper} onChange={(upper) => setWinsor({ ...winsor, upper })} error={errorText('upper')} inputMode="numeric" disabled={busy} />
          </div>
          <Check label={t('dataTools.panel.byPeriod')} checked={winsor.byPeriod} onChange={(byPeriod) => setWinsor({ ...winsor, byPeriod })} disabled={busy} />
          {errorText('byPeriod') ? <p className="field-error">{errorText('byPeriod')}</p> : null}
          <TextField id="pt-w-suffix" label={t('dataTools.panel.suffix')} hint={t('dataTools.panel.suffixHint')} value={winsor.suffix} onChange={(suffix) => setWinsor({ ...winsor, suffix })} disabled={busy} />
        </>
      );
      break;
    case 'standardize':
      form = (
        <>
          <ColumnChecks id="pt-s-columns" label={t('dataTools.fields.columns')} columns={numeric} selected={std.columns} onChange={(c) => setStd({ ...std, columns: c })} error={errorText('columns')} disabled={busy} />
          <Check label={t('dataTools.panel.byPeriod')} checked={std.byPeriod} onChange={(byPeriod) => setStd({ ...std, byPeriod })} disabled={busy} />
          {errorText('byPeriod') ? <p className="field-error">{errorText('byPeriod')}</p> : null}
          <TextField id="pt-s-suffix" label={t('dataTools.panel.suffix')} hint={t('dataTools.panel.suffixHint')} value={std.suffix} onChange={(suffix) => setStd({ ...std, suffix })} disabled={busy} />
        </>
      );
      break;
    case 'dummies':
      form = (
        <>
          <ColumnSelect id="pt-d-column" label={t('dataTools.panel.categorical')} value={dum.column} columns={columns} onChange={(column) => setDum({ ...dum, column })} error={errorText('column')} disabled={busy} />
          <TextField id="pt-d-prefix" label={t('dataTools.panel.prefix')} hint={t('dataTools.panel.prefixHint')} value={dum.prefix} onChange={(prefix) => setDum({ ...dum, prefix })} disabled={busy} />
          <Check label={t('dataTools.panel.dropFirst')} checked={dum.dropFirst} onChange={(dropFirst) => setDum({ ...dum, dropFirst })} disabled={busy} />
        </>
      );
      break;
    case 'relativeTime':
      form = (
        <>
          <ColumnSelect id="pt-r-event" label={t('dataTools.panel.event')} hint={t('dataTools.panel.eventHint')} value={rel.event} columns={numeric} onChange={(event) => setRel({ ...rel, event })} error={errorText('event')} disabled={busy} />
          <TextField id="pt-r-into" label={t('dataTools.fields.name')} value={rel.into} onChange={(into) => setRel({ ...rel, into })} error={errorText('into')} disabled={busy} />
          <TextField id="pt-r-never" label={t('dataTools.panel.never')} hint={t('dataTools.panel.neverHint')} value={rel.never} onChange={(never) => setRel({ ...rel, never })} error={errorText('never')} disabled={busy} />
          <div className="field-row">
            <TextField id="pt-r-min" label={t('dataTools.panel.binBelow')} value={rel.min} onChange={(min) => setRel({ ...rel, min })} error={errorText('min')} inputMode="numeric" disabled={busy} />
            <TextField id="pt-r-max" label={t('dataTools.panel.binAbove')} value={rel.max} onChange={(max) => setRel({ ...rel, max })} error={errorText('max')} inputMode="numeric" disabled={busy} />
          </div>
        </>
      );
      break;
    case 'treatment':
      form = (
        <>
          <Choice
            name="pt-t-source"
            label={t('dataTools.panel.treatedFrom')}
            value={treat.source}
            options={(['ids', 'column', 'firstTreat'] as const).map((v) => ({ value: v, label: t(`dataTools.panel.treatedFrom_${v}`) }))}
            onChange={(source) => setTreat({ ...treat, source })}
            disabled={busy}
          />
          {treat.source === 'ids' ? (
            <TextAreaField id="pt-t-ids" label={t('dataTools.panel.treatedIds')} hint={t('dataTools.panel.treatedIdsHint')} value={treat.ids} onChange={(ids) => setTreat({ ...treat, ids })} error={errorText('ids')} rows={3} disabled={busy} />
          ) : null}
          {treat.source === 'column' ? (
            <ColumnSelect id="pt-t-column" label={t('dataTools.panel.treatedColumn')} value={treat.treatedColumn} columns={numeric} onChange={(treatedColumn) => setTreat({ ...treat, treatedColumn })} error={errorText('treatedColumn')} disabled={busy} />
          ) : null}
          {treat.source === 'firstTreat' ? (
            <ColumnSelect id="pt-t-first" label={t('dataTools.panel.firstTreat')} value={treat.firstTreatColumn} columns={numeric} onChange={(firstTreatColumn) => setTreat({ ...treat, firstTreatColumn })} error={errorText('firstTreatColumn')} disabled={busy} />
          ) : (
            <TextField id="pt-t-time" label={t('dataTools.panel.policyTime')} value={treat.policyTime} onChange={(policyTime) => setTreat({ ...treat, policyTime })} error={errorText('policyTime')} inputMode="numeric" disabled={busy} />
          )}
          <p className="field-hint">{t('dataTools.panel.treatmentMakes')}</p>
        </>
      );
      break;
  }

  return (
    <Dialog
      title={t('dataTools.panel.title')}
      onClose={onClose}
      busy={busy}
      footer={
<FormFooter formId="panel-form" submitLabel={t('dataTools.apply')} onCancel={onClose} cancelLabel={t('common.cancel')} busy={busy} />
      }
    >
      <form id="panel-form" onSubmit={submit} noValidate>
        <fieldset className="dt-fieldset dt-declare">
          <legend>{t('dataTools.panel.declare')}</legend>
          <div className="field-row">
            <ColumnSelect id="pt-unit" label={t('dataTools.panel.unit')} value={unit} columns={columns} onChange={(u) => declare(u, time)} disabled={busy} />
            <ColumnSelect id="pt-time" label={t('dataTools.panel.time')} value={time} columns={numeric} onChange={(tm) => declare(unit, tm)} disabled={busy} />
          </div>
          {errorText('panel') ? (
            <p className="field-error" role="alert">
              {errorText('panel')}
            </p>
          ) : null}
          {declareError !== null ? <ErrorMessage error={declareError} /> : null}
        </fieldset>
        <div className="field">
          <label htmlFor="pt-tool">{t('dataTools.panel.tool')}</label>
          <select
            id="pt-tool"
            value={tool}
            onChange={(e) => {
              setTool(TOOLS.find((x) => x === e.target.value) ?? 'lag');
              setErrors({});
            }}
            disabled={busy}
          >
            {TOOLS.map((x) => (
              <option key={x} value={x}>
                {t(`dataTools.panel.tools.${x}`)}
              </option>
            ))}
          </select>
        </div>
        {form}
      </form>
      <JobStatus job={job} label={t('dataTools.applying')} failedTitle={t('dataTools.stepFailed')} />
    </Dialog>
  );
}
