import { useId, useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { AnalysisInfo, DatasetInfo } from '../../../../shared/contract';
import { TextField } from '../../components/Field';
import { DatasetField } from '../didkit/BuilderShell';
import { CheckField, ColumnChecks, SelectField } from '../didkit/fields';
import { RunBar } from '../didkit/RunBar';
import { useAnalysisJob } from '../didkit/useAnalysisJob';
import { BALANCE_STATS, DESCRIPTIVE_STATS, move, type FieldErrors, type TableForm } from './tableForm';
import { FieldErrorText } from './FieldErrorText';

export interface TableSourcesProps {
  form: TableForm;
  datasets: DatasetInfo[];
  /** Every saved analysis (null while loading). */
  analyses: AnalysisInfo[] | null;
  /** The saved analyses that have a result. */
  withResults: AnalysisInfo[];
  errors: FieldErrors;
  onChange: (patch: Partial<TableForm>) => void;
  /** A describe analysis was computed here: the saved-analysis lists change. */
  onAnalysesChanged: () => void;
}

/** Models whose results carry balance tables (MatchIt's summary before and after matching). */
const MATCHING_MODELS = new Set(['matchit', 'psm_did']);

function analysisLabel(a: AnalysisInfo): string {
  return `${a.name} (${a.model} · ${a.dataset})`;
}

/** What the table is made from: models as columns, a describe result, a dataset, or a matching result. */
export function TableSources({ form, datasets, analyses, withResults, errors, onChange, onAnalysesChanged }: TableSourcesProps): ReactElement {
  switch (form.kind) {
    case 'regression':
      return <ModelColumns form={form} withResults={withResults.filter((a) => a.model !== 'describe')} error={errors.columns} onChange={onChange} />;
    case 'descriptives':
      return <DescribeSource form={form} datasets={datasets} withResults={withResults} errors={errors} onChange={onChange} onAnalysesChanged={onAnalysesChanged} />;
    case 'correlation':
      return <CorrelationSource form={form} datasets={datasets} errors={errors} onChange={onChange} />;
    case 'balance':
      return <BalanceSource form={form} withResults={withResults.filter((a) => MATCHING_MODELS.has(a.model))} loading={analyses === null} error={errors.source} onChange={onChange} />;
  }
}

function ModelColumns({ form, withResults, error, onChange }: { form: TableForm; withResults: AnalysisInfo[]; error?: string; onChange: (patch: Partial<TableForm>) => void }): ReactElement {
  const { t } = useTranslation();
  const id = useId();
  const byId = new Map(withResults.map((a) => [a.id, a]));
  const available = withResults.filter((a) => !form.columns.some((c) => c.source === a.id));
  // A new or removed column changes the terms on offer: the next preview lists them again.
  const setColumns = (columns: TableForm['columns'], termsChange: boolean): void => onChange(termsChange ? { columns, terms: null } : { columns });
  return (
    <fieldset className={error ? 'field field-invalid' : 'field'} data-testid="table-columns">
      <legend>{t('publish.columns')}</legend>
      <p className="field-hint">{t('publish.columnsHint')}</p>
      <ol className="pub-columns">
        {form.columns.map((c, i) => (
          <li key={c.source} data-source={c.source}>
            <span className="pub-column-name">{byId.get(c.source)?.name ?? c.source}</span>
            <input
              aria-label={t('publish.columnTitle', { n: i + 1 })}
              placeholder={t('publish.columnTitleHint')}
              value={c.title}
              onChange={(e) => setColumns(form.columns.map((x, j) => (j === i ? { ...x, title: e.target.value } : x)), false)}
              autoComplete="off"
            />
            <button type="button" className="btn btn-small btn-ghost" aria-label={`${t('publish.moveUp')}: (${i + 1})`} disabled={i === 0} onClick={() => setColumns(move(form.columns, i, -1), false)}>
              ↑
            </button>
            <button type="button" className="btn btn-small btn-ghost" aria-label={`${t('publish.moveDown')}: (${i + 1})`} disabled={i === form.columns.length - 1} onClick={() => setColumns(move(form.columns, i, 1), false)}>
              ↓
            </button>
            <button type="button" className="btn btn-small btn-ghost" onClick={() => setColumns(form.columns.filter((_, j) => j !== i), true)}>
              {t('publish.remove')}
            </button>
          </li>
        ))}
      </ol>
      {withResults.length === 0 ? (
        <p className="muted small">{t('publish.noAnalyses')}</p>
      ) : (
        <div className="field">
          <label htmlFor={`${id}-add`}>{t('publish.addColumn')}</label>
          <select
            id={`${id}-add`}
            value=""
            disabled={available.length === 0}
            onChange={(e) => e.target.value && setColumns([...form.columns, { source: e.target.value, title: '' }], true)}
          >
            <option value="">—</option>
            {available.map((a) => (
              <option key={a.id} value={a.id}>
                {analysisLabel(a)}
              </option>
            ))}
          </select>
        </div>
      )}
      <FieldErrorText error={error} />
    </fieldset>
  );
}

function DescribeSource({ form, datasets, withResults, errors, onChange, onAnalysesChanged }: Omit<TableSourcesProps, 'analyses'>): ReactElement {
  const { t } = useTranslation();
  const id = useId();
  const job = useAnalysisJob();
  const describes = withResults.filter((a) => a.model === 'describe');
  const [data, setData] = useState(form.data || datasets[0]?.name || '');
  const [variables, setVariables] = useState<string[]>([]);
  const [by, setBy] = useState('');
  const dataset = datasets.find((d) => d.name === data) ?? null;
  const numeric = (dataset?.columns ?? []).filter((c) => c.type === 'number');

  const compute = async (): Promise<void> => {
    const spec = { model: 'describe', data, ...(variables.length > 0 ? { variables } : {}), ...(by ? { by } : {}) };
    const name = `${t('publish.kinds.descriptives')} · ${data}${by ? ` · ${by}` : ''}`;
    const run = await job.run(spec, name, t('publish.computing'));
    if (!run) return;
    onAnalysesChanged();
    onChange({ describeSource: run.analysis.id, rows: [], terms: null, hideNewTerms: false, byGroups: true });
  };

  return (
    <>
      <div className={errors.source ? 'field field-invalid' : 'field'}>
        <label htmlFor={`${id}-source`}>{t('publish.describeSource')}</label>
        <select id={`${id}-source`} value={form.describeSource} onChange={(e) => onChange({ describeSource: e.target.value, rows: [], terms: null, hideNewTerms: false })}>
          <option value="">{t('publish.noDescribe')}</option>
          {describes.map((a) => (
            <option key={a.id} value={a.id}>
              {analysisLabel(a)}
            </option>
          ))}
        </select>
        <p className="field-hint">{t('publish.describeSourceHint')}</p>
        <FieldErrorText error={errors.source} />
      </div>
      <form
        className="subfields"
        onSubmit={(e) => {
          e.preventDefault();
          void compute();
        }}
      >
        <DatasetField id={`${id}-data`} datasets={datasets} value={data} onChange={(d) => {
            setData(d);
            setVariables([]);
            setBy('');
          }} disabled={job.state.kind === 'running'} />
        <ColumnChecks label={t('publish.variables')} columns={numeric} selected={variables} onChange={setVariables} disabled={job.state.kind === 'running'} />
        <SelectField
          id={`${id}-by`}
          label={t('publish.byColumn')}
          value={by}
          options={[{ value: '', label: t('publish.noBy') }, ...(dataset?.columns ?? []).map((c) => ({ value: c.name, label: c.name }))]}
          onChange={setBy}
          disabled={job.state.kind === 'running'}
        />
        <RunBar state={job.state} runLabel={t('publish.compute')} onCancel={job.cancel} disabled={!dataset} />
      </form>
      <fieldset className="field">
        <legend>{t('publish.descStats')}</legend>
        <div className="check-list">
          {DESCRIPTIVE_STATS.map((s) => (
            <label key={s} className="check">
              <input
                type="checkbox"
                checked={form.descStats.includes(s)}
                onChange={(e) => onChange({ descStats: e.target.checked ? DESCRIPTIVE_STATS.filter((x) => x === s || form.descStats.includes(x)) : form.descStats.filter((x) => x !== s) })}
              />
              <span>{t(`publish.descStat.${s}`)}</span>
            </label>
          ))}
        </div>
        <FieldErrorText error={errors.stats} />
      </fieldset>
      <CheckField label={t('publish.byGroups')} checked={form.byGroups} onChange={(byGroups) => onChange({ byGroups })} />
      <CheckField label={t('publish.difference')} checked={form.difference} onChange={(difference) => onChange({ difference })} />
      <TextField id={`${id}-groups`} label={t('publish.groupLabels')} hint={t('publish.groupLabelsHint')} value={form.groupLabels} onChange={(groupLabels) => onChange({ groupLabels })} error={errors.groupLabels} />
    </>
  );
}

function CorrelationSource({ form, datasets, errors, onChange }: { form: TableForm; datasets: DatasetInfo[]; errors: FieldErrors; onChange: (patch: Partial<TableForm>) => void }): ReactElement {
  const { t } = useTranslation();
  const id = useId();
  const dataset = datasets.find((d) => d.name === form.data) ?? null;
  return (
    <>
      <DatasetField id={`${id}-data`} datasets={datasets} value={form.data} onChange={(data) => onChange({ data, variables: [] })} error={errors.data} />
      <ColumnChecks label={t('publish.variables')} columns={(dataset?.columns ?? []).filter((c) => c.type === 'number')} selected={form.variables} onChange={(variables) => onChange({ variables })} error={errors.variables} />
      <TextField id={`${id}-subset`} label={t('publish.subset')} hint={t('publish.subsetHint')} value={form.subset} onChange={(subset) => onChange({ subset })} error={errors.subset} />
      <SelectField
        id={`${id}-triangle`}
        label={t('publish.triangle')}
        value={form.triangle}
        options={(['lower', 'full'] as const).map((v) => ({ value: v, label: t(`publish.triangles.${v}`) }))}
        onChange={(triangle) => onChange({ triangle })}
      />
    </>
  );
}

function BalanceSource({ form, withResults, loading, error, onChange }: { form: TableForm; withResults: AnalysisInfo[]; loading: boolean; error?: string; onChange: (patch: Partial<TableForm>) => void }): ReactElement {
  const { t } = useTranslation();
  const id = useId();
  return (
    <>
      {!loading && withResults.length === 0 ? <p className="notice">{t('publish.noMatching')}</p> : null}
      <SelectField
        id={`${id}-source`}
        label={t('publish.balanceSource')}
        value={form.balanceSource}
        options={[{ value: '', label: '—' }, ...withResults.map((a) => ({ value: a.id, label: analysisLabel(a) }))]}
        onChange={(balanceSource) => onChange({ balanceSource })}
        error={error}
      />
      <fieldset className="field">
        <legend>{t('publish.balanceStats')}</legend>
        <div className="check-list">
          {BALANCE_STATS.map((s) => (
            <label key={s} className="check">
              <input
                type="checkbox"
                checked={form.balanceStats.includes(s)}
                onChange={(e) => onChange({ balanceStats: e.target.checked ? BALANCE_STATS.filter((x) => x === s || form.balanceStats.includes(x)) : form.balanceStats.filter((x) => x !== s) })}
              />
              <span>{s}</span>
            </label>
          ))}
        </div>
      </fieldset>
      <CheckField label={t('publish.distance')} checked={form.distance} onChange={(distance) => onChange({ distance })} />
    </>
  );
}
