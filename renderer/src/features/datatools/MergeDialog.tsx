import { useState, type FormEvent, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { DatasetInfo } from '../../../../shared/contract';
import type { MergeReport, StepReport } from '../../../../shared/contract-data';
import { Dialog, FormFooter } from '../../components/Dialog';
import { Field, TextField } from '../../components/Field';
import { Num } from '../../components/Num';
import { formatCount } from '../../components/format';
import { JobStatus } from './JobStatus';
import { Check, Choice, serverFieldErrors, useErrorText } from './formParts';
import { commonColumns, mergeKeys, type FieldErrors, type KeyPair } from './stepForms';
import { ColumnSelect } from '../did/ColumnSelect';
import { useDataJob } from './useDataJob';

export interface MergeDialogProps {
  /** The master dataset (Stata's data in memory). */
  dataset: DatasetInfo;
  datasets: readonly DatasetInfo[];
  /** The new dataset, once the user has read the report and opens it. */
  onCreated: (dataset: DatasetInfo, message: string) => void;
  onClose: () => void;
}

type Relationship = '1:1' | 'm:1' | '1:m';
type Done = { dataset: DatasetInfo; merge: MergeReport | null; report: StepReport };

function defaultKeys(master: DatasetInfo, using: DatasetInfo | undefined): KeyPair[] {
  const first = using ? commonColumns(master.columns, using.columns)[0] : undefined;
  return [{ master: first ?? '', using: first ?? '' }];
}

/**
 * Merge (join another dataset by keys, 1:1 / m:1 / 1:m) or append (stack datasets) into a new
 * dataset. A merge ends with Stata's `_merge` table: rows from the master only, from the using
 * dataset only, and matched.
 */
export function MergeDialog({ dataset, datasets, onCreated, onClose }: MergeDialogProps): ReactElement {
  const { t, i18n } = useTranslation();
  const job = useDataJob();
  const others = datasets.filter((d) => d.id !== dataset.id);
  const [mode, setMode] = useState<'merge' | 'append'>('merge');
  const [usingId, setUsingId] = useState(others[0]?.id ?? '');
  const using = others.find((d) => d.id === usingId);
  const [relationship, setRelationship] = useState<Relationship>('m:1');
  const [keys, setKeys] = useState<KeyPair[]>(() => defaultKeys(dataset, using));
  const [keep, setKeep] = useState({ master: true, using: true, matched: true });
  const [appendIds, setAppendIds] = useState<string[]>([]);
  const [source, setSource] = useState('');
  const [name, setName] = useState(using ? `${dataset.name}_${using.name}` : `${dataset.name}_merged`);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [done, setDone] = useState<Done | null>(null);
  const errorText = useErrorText(errors);
  const busy = job.busy;

  const pickUsing = (id: string): void => {
    setUsingId(id);
    const next = others.find((d) => d.id === id);
    setKeys(defaultKeys(dataset, next));
    if (next) setName(`${dataset.name}_${next.name}`);
  };
  const setKey = (k: number, patch: Partial<KeyPair>): void => setKeys((ks) => ks.map((p, i) => (i === k ? { ...p, ...patch } : p)));

  const validate = (): FieldErrors => {
    const e: FieldErrors = {};
    if (name.trim() === '') e.name = { key: 'nameRequired' };
    else if (datasets.some((d) => d.name === name.trim())) e.name = { key: 'datasetTaken', params: { name: name.trim() } };
    if (mode === 'merge') {
      if (!using) e.using = { key: 'datasetRequired' };
      keys.forEach((p, k) => {
        if (p.master === '' || p.using === '') e[`key${k}`] = { key: 'columnRequired' };
      });
      if (!keep.master && !keep.using && !keep.matched) e.keep = { key: 'keepSomething' };
    } else if (appendIds.length === 0) e.append = { key: 'datasetRequired' };
    return e;
  };

  const submit = async (ev: FormEvent): Promise<void> => {
    ev.preventDefault();
    const e = validate();
    setErrors(e);
    if (Object.keys(e).length > 0) return;
    if (mode === 'merge' && using) {
      const kept = (['master', 'using', 'matched'] as const).filter((k) => keep[k]);
      const r = await job.run('dataset.merge', {
        datasetId: dataset.id,
        using: using.id,
        keys: mergeKeys(keys),
        relationship,
        ...(kept.length < 3 ? { keep: kept } : {}),
        name: name.trim(),
      });
      if (r.kind === 'done') setDone({ dataset: r.result.dataset, merge: r.result.report, report: r.result.report });
      else if (r.kind === 'failed') setErrors(serverFieldErrors(r.error));
    } else {
      const r = await job.run('dataset.append', { datasetId: dataset.id, others: appendIds, name: name.trim(), ...(source.trim() ? { source: source.trim() } : {}) });
      if (r.kind === 'done') setDone({ dataset: r.result.dataset, merge: null, report: r.result.report });
    }
  };

  const count = (n: number): ReactElement => <Num value={n} display={formatCount(n, i18n.language)} />;
  const footer = done ? (
    <button type="button" className="btn btn-primary" onClick={() => onCreated(done.dataset, done.report.message)}>
      {t('dataTools.merge.open', { name: done.dataset.name })}
    </button>
  ) : (
<FormFooter
      formId="merge-form"
      submitLabel={mode === 'merge' ? t('dataTools.merge.runMerge') : t('dataTools.merge.runAppend')}
      onCancel={onClose}
      cancelLabel={t('common.cancel')}
      busy={busy}
      submitDisabled={others.length === 0}
    />
  );

  return (
    <Dialog title={t('dataTools.merge.title')} onClose={onClose} busy={busy} footer={footer}>
      {done ? (
        <div data-testid="merge-report">
          <p className="notice" role="status">
            {t('dataTools.merge.created', { name: done.dataset.name, rows: formatCount(done.dataset.nrow, i18n.language) })}
          </p>
          {done.merge ? (
            <table className="summary-table dt-merge-table">
              <thead>
                <tr>
                  <th scope="col">{t('dataTools.merge.result')}</th>
                  <th scope="col" className="num-col">
                    {t('dataTools.merge.code')}
                  </th>
                  <th scope="col" className="num-col">
                    {t('dataTools.merge.rows')}
                  </th>
                </tr>
              </thead>
              <tbody>
                <tr data-merge="masterOnly">
                  <th scope="row">{t('dataTools.merge.masterOnly', { name: dataset.name })}</th>
                  <td className="num-col">1</td>
                  <td className="num-col">{count(done.merge.masterOnly)}</td>
                </tr>
                <tr data-merge="usingOnly">
                  <th scope="row">{t('dataTools.merge.usingOnly', { name: using?.name ?? '' })}</th>
                  <td className="num-col">2</td>
                  <td className="num-col">{count(done.merge.usingOnly)}</td>
                </tr>
                <tr data-merge="matched">
                  <th scope="row">{t('dataTools.merge.matched')}</th>
                  <td className="num-col">3</td>
                  <td className="num-col">{count(done.merge.matched)}</td>
                </tr>
                <tr data-merge="total">
                  <th scope="row">{t('dataTools.merge.total')}</th>
                  <td />
                  <td className="num-col">{count(done.merge.total)}</td>
                </tr>
              </tbody>
            </table>
          ) : null}
          {done.merge && done.merge.conflicts.length > 0 ? <p className="notice notice-warn">{t('dataTools.merge.conflicts', { columns: done.merge.conflicts.join(', ') })}</p> : null}
          <p className="muted small">{done.report.message}</p>
        </div>
      ) : others.length === 0 ? (
        <p className="notice notice-warn">{t('dataTools.merge.needAnother')}</p>
      ) : (
        <form id="merge-form" onSubmit={(e) => void submit(e)} noValidate>
          <Choice
            name="merge-mode"
            label={t('dataTools.merge.mode')}
            value={mode}
            options={[
              { value: 'merge', label: t('dataTools.merge.modeMerge') },
              { value: 'append', label: t('dataTools.merge.modeAppend') },
            ]}
            onChange={setMode}
            disabled={busy}
          />
          {mode === 'merge' ? (
            <>
              <Field id="merge-using" label={t('dataTools.merge.using')} hint={t('dataTools.merge.usingHint', { name: dataset.name })} error={errorText('using')}>
                <select id="merge-using" value={usingId} onChange={(e) => pickUsing(e.target.value)} disabled={busy}>
                  {others.map((d) => (
                    <option key={d.id} value={d.id}>
                      {d.name}
                    </option>
                  ))}
                </select>
              </Field>
              <Choice
                name="merge-relationship"
                label={t('dataTools.merge.relationship')}
                value={relationship}
                options={(['1:1', 'm:1', '1:m'] as const).map((v) => ({ value: v, label: t(`dataTools.merge.rel_${v.replace(':', '')}`) }))}
                onChange={setRelationship}
                disabled={busy}
              />
              {keys.map((p, k) => (
                <div className="field-row" key={k}>
                  <ColumnSelect id={`merge-key-master-${k}`} label={t('dataTools.merge.keyMaster', { n: k + 1 })} value={p.master} columns={dataset.columns} onChange={(master) => setKey(k, { master, using: using?.columns.some((c) => c.name === master) ? master : p.using })} error={errorText(`key${k}`)} disabled={busy} />
                  <ColumnSelect id={`merge-key-using-${k}`} label={t('dataTools.merge.keyUsing', { n: k + 1 })} value={p.using} columns={using?.columns ?? []} onChange={(u) => setKey(k, { using: u })} disabled={busy} />
                </div>
              ))}
              <div className="dt-actions">
                <button type="button" className="btn btn-small" onClick={() => setKeys((ks) => [...ks, { master: '', using: '' }])} disabled={busy}>
                  {t('dataTools.merge.addKey')}
                </button>
                {keys.length > 1 ? (
                  <button type="button" className="btn btn-small" onClick={() => setKeys((ks) => ks.slice(0, -1))} disabled={busy}>
                    {t('dataTools.merge.removeKey')}
                  </button>
                ) : null}
              </div>
              <fieldset className="dt-fieldset">
                <legend>{t('dataTools.merge.keep')}</legend>
                <div className="dt-choice">
                  {(['master', 'using', 'matched'] as const).map((k) => (
                    <Check key={k} label={t(`dataTools.merge.keep_${k}`)} checked={keep[k]} onChange={(on) => setKeep({ ...keep, [k]: on })} disabled={busy} />
                  ))}
                </div>
                {errorText('keep') ? <p className="field-error">{errorText('keep')}</p> : null}
              </fieldset>
            </>
          ) : (
            <>
              <fieldset className="dt-fieldset">
                <legend>{t('dataTools.merge.appendWhich', { name: dataset.name })}</legend>
                <div className="check-list">
                  {others.map((d) => (
                    <Check key={d.id} label={d.name} checked={appendIds.includes(d.id)} onChange={(on) => setAppendIds(on ? [...appendIds, d.id] : appendIds.filter((x) => x !== d.id))} disabled={busy} />
                  ))}
                </div>
                {errorText('append') ? <p className="field-error">{errorText('append')}</p> : null}
              </fieldset>
              <TextField id="merge-source" label={t('dataTools.merge.source')} hint={t('dataTools.merge.sourceHint')} value={source} onChange={setSource} disabled={busy} />
            </>
          )}
          <TextField id="merge-name" label={t('dataTools.merge.newName')} value={name} onChange={setName} error={errorText('name')} disabled={busy} />
        </form>
      )}
      <JobStatus job={job} label={mode === 'merge' ? t('dataTools.merge.merging') : t('dataTools.merge.appending')} failedTitle={t('dataTools.merge.failed')} />
    </Dialog>
  );
}
