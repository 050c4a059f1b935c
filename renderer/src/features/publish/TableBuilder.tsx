import { useCallback, useEffect, useId, useMemo, useRef, useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { AnalysisInfo, ResponseOf } from '../../../../shared/contract';
import type { SavedTable } from '../../../../shared/contract-publish';
import { tableFormat, type TableFormat, type TableSpec } from '../../../../shared/specs/table';
import type { BuilderProps } from '../../app/builderProps';
import { useApi } from '../../app/ApiContext';
import { ErrorMessage } from '../../components/ErrorMessage';
import { TextField } from '../../components/Field';
import { outputLanguage } from '../../charts/figureSpecs';
import { CheckField, SelectField } from '../didkit/fields';
import { ExportStatus } from './ExportStatus';
import { RowsEditor } from './RowsEditor';
import { TablePreview } from './TablePreview';
import { TableSources } from './TableSources';
import { StarsEditor } from './StarsEditor';
import { REGRESSION_STATS, TABLE_KINDS, buildTableSpec, emptyTableForm, formFromSpec, withTerms, type TableForm } from './tableForm';
import { useExport } from './useExport';
import './publish.css';

type Preview =
  | { kind: 'idle' }
  | { kind: 'loading'; last: ResponseOf<'table.preview'> | null }
  | { kind: 'ready'; data: ResponseOf<'table.preview'> }
  | { kind: 'failed'; error: unknown };

const PREVIEW_DELAY_MS = 250;

/** Writes both clipboard flavours where the browser allows it, plain text otherwise. */
async function writeClipboard(html: string, text: string): Promise<void> {
  if (typeof ClipboardItem !== 'undefined' && navigator.clipboard.write) {
    await navigator.clipboard.write([new ClipboardItem({ 'text/html': new Blob([html], { type: 'text/html' }), 'text/plain': new Blob([text], { type: 'text/plain' }) })]);
    return;
  }
  await navigator.clipboard.writeText(text);
}

/**
 * The publication table builder: saved analyses as columns (or a describe, correlation or
 * matching source), rows chosen and relabelled, stars and statistics rows, notes and language,
 * with a live three-line preview built on the Node side from the stored results, export to
 * Word / LaTeX / Excel / CSV / HTML and copy as HTML + TSV. Tables are saved in the project.
 */
export function TableBuilder({ datasets, initialDataset }: BuilderProps): ReactElement {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const id = useId();
  const [analyses, setAnalyses] = useState<AnalysisInfo[] | null>(null);
  const [saved, setSaved] = useState<SavedTable[]>([]);
  const [savedId, setSavedId] = useState<string | null>(null);
  const [name, setName] = useState('');
  const [form, setForm] = useState<TableForm>(() => ({ ...emptyTableForm(outputLanguage(i18n.language)), data: initialDataset ?? datasets[0]?.name ?? '' }));
  const [preview, setPreview] = useState<Preview>({ kind: 'idle' });
  const [showErrors, setShowErrors] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [failure, setFailure] = useState<{ title?: string; error: unknown } | null>(null);
  const exporter = useExport();
  const request = useRef(0);

  const loadLists = useCallback(async () => {
    const [a, s] = await Promise.all([api.call('analysis.list', {}), api.call('table.list', {})]);
    setAnalyses(a.analyses);
    setSaved(s.tables);
  }, [api]);

  useEffect(() => {
    loadLists().catch((error: unknown) => setFailure({ error }));
  }, [loadLists]);

  const build = useMemo(() => buildTableSpec(form, (key) => t(`publish.errors.${key}`)), [form, t]);
  const specKey = build.ok ? JSON.stringify(build.spec) : null;

  useEffect(() => {
    if (!build.ok) {
      setPreview({ kind: 'idle' });
      return undefined;
    }
    const spec = build.spec;
    const n = ++request.current;
    setPreview((p) => ({ kind: 'loading', last: p.kind === 'ready' ? p.data : p.kind === 'loading' ? p.last : null }));
    const timer = setTimeout(() => {
      api.call('table.preview', { spec }).then(
        (data) => {
          if (n !== request.current) return;
          setPreview({ kind: 'ready', data });
          setForm((f) => (f.kind !== 'regression' && f.kind !== 'descriptives') || JSON.stringify(f.terms) === JSON.stringify(data.terms) ? f : withTerms(f, data.terms));
        },
        (error: unknown) => n === request.current && setPreview({ kind: 'failed', error }),
      );
    }, PREVIEW_DELAY_MS);
    return () => clearTimeout(timer);
    // specKey stands for the spec: a new object with the same content must not refetch.
  }, [api, specKey]);

  const update = (patch: Partial<TableForm>): void => {
    setNotice(null);
    setForm((f) => ({ ...f, ...patch }));
  };
  const errors = showErrors && !build.ok ? build.errors : {};
  const withResults = (analyses ?? []).filter((a) => a.lastRun !== null);

  const openSaved = (tableId: string): void => {
    setNotice(null);
    setShowErrors(false);
    const table = saved.find((s) => s.id === tableId);
    if (!table) {
      setSavedId(null);
      setName('');
      setForm({ ...emptyTableForm(outputLanguage(i18n.language)), data: form.data });
      return;
    }
    setSavedId(table.id);
    setName(table.name);
    setForm(formFromSpec(table.spec));
  };

  /** The valid spec, or null with the field errors shown. */
  const validSpec = (): TableSpec | null => {
    setShowErrors(true);
    return build.ok ? build.spec : null;
  };

  const save = async (): Promise<void> => {
    const spec = validSpec();
    if (!spec) return;
    const tableName = name.trim() || spec.title || t(`publish.kinds.${spec.kind}`);
    try {
      const table = await api.call('table.save', { ...(savedId ? { tableId: savedId } : {}), name: tableName, spec });
      setSavedId(table.id);
      setName(table.name);
      setSaved((list) => [...list.filter((s) => s.id !== table.id), table]);
      setNotice(t('publish.savedOk', { name: table.name }));
    } catch (error) {
      setFailure({ title: t('publish.save'), error });
    }
  };

  const remove = async (): Promise<void> => {
    if (!savedId) return;
    try {
      await api.call('table.delete', { tableId: savedId });
      setSaved((list) => list.filter((s) => s.id !== savedId));
      openSaved('');
    } catch (error) {
      setFailure({ title: t('publish.deleteTable'), error });
    }
  };

  const exportAs = (format: TableFormat): void => {
    const spec = validSpec();
    if (!spec) return;
    const title = spec.title ?? (name.trim() || t(`publish.kinds.${spec.kind}`));
    void exporter.run({ channel: 'table.export', request: { specs: [spec], format, name: title }, suggestedName: `${title}.${format}`, extensions: [format] });
  };

  const copy = async (): Promise<void> => {
    const spec = validSpec();
    if (!spec) return;
    try {
      const { html, text } = await api.call('table.clipboard', { spec });
      await writeClipboard(html, text);
      setNotice(t('publish.copied'));
    } catch (error) {
      setFailure({ title: t('publish.copyFailed'), error });
    }
  };

  const shown = preview.kind === 'ready' ? preview.data : preview.kind === 'loading' ? preview.last : null;
  const busy = exporter.state.kind === 'running';

  return (
    <div className="pub-builder" data-testid="table-builder">
      <div className="view-head">
        <div>
          <h2>{t('publish.builderTitle')}</h2>
          <p className="muted">{t('publish.builderIntro')}</p>
        </div>
        <div className="field">
          <label htmlFor={`${id}-saved`}>{t('publish.saved')}</label>
          <select id={`${id}-saved`} value={savedId ?? ''} onChange={(e) => openSaved(e.target.value)}>
            <option value="">{t('publish.newTable')}</option>
            {saved.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
          {savedId ? (
            <button type="button" className="btn btn-small btn-ghost" onClick={() => void remove()}>
              {t('publish.deleteTable')}
            </button>
          ) : null}
        </div>
      </div>
      {failure ? <ErrorMessage error={failure.error} title={failure.title} onDismiss={() => setFailure(null)} /> : null}
      <div className="pub-layout">
        <div className="pub-form">
          <SelectField
            id={`${id}-kind`}
            label={t('publish.kind')}
            value={form.kind}
            options={TABLE_KINDS.map((k) => ({ value: k, label: t(`publish.kinds.${k}`) }))}
            onChange={(kind) => update({ kind, rows: [], terms: null, hideNewTerms: false })}
          />
          <TableSources form={form} datasets={datasets} analyses={analyses} withResults={withResults} errors={errors} onChange={update} onAnalysesChanged={() => void loadLists()} />
          {form.kind === 'regression' || form.kind === 'descriptives' ? (
            form.terms === null ? (
              <p className="muted small">{t('publish.rowsPending')}</p>
            ) : (
              <RowsEditor rows={form.rows} labels={shown?.labels ?? {}} controls={form.kind === 'regression'} onChange={(rows) => update({ rows })} error={errors.rows} />
            )
          ) : null}
          {form.kind === 'regression' ? (
            <>
              {form.rows.some((r) => r.control) ? (
                <TextField id={`${id}-controls`} label={t('publish.controlsLabel')} value={form.controlsLabel} placeholder={form.language === 'zh' ? '控制变量' : 'Controls'} onChange={(controlsLabel) => update({ controlsLabel })} error={errors.controlsLabel} />
              ) : null}
              <SelectField
                id={`${id}-paren`}
                label={t('publish.parentheses')}
                value={form.parentheses}
                options={(['se', 't', 'ci'] as const).map((p) => ({ value: p, label: t(`publish.parenthesesOptions.${p}`) }))}
                onChange={(parentheses) => update({ parentheses })}
              />
              <fieldset className="field">
                <legend>{t('publish.statsRows')}</legend>
                <CheckField label={t('publish.fixedEffects')} checked={form.fixedEffects} onChange={(fixedEffects) => update({ fixedEffects })} />
                <div className="check-list">
                  {REGRESSION_STATS.map((s) => (
                    <label key={s} className="check">
                      <input type="checkbox" checked={form.stats.includes(s)} onChange={(e) => update({ stats: e.target.checked ? REGRESSION_STATS.filter((x) => x === s || form.stats.includes(x)) : form.stats.filter((x) => x !== s) })} />
                      <span>{t(`publish.stat.${s}`)}</span>
                    </label>
                  ))}
                </div>
                <CheckField label={t('publish.modelNumbers')} checked={form.modelNumbers} onChange={(modelNumbers) => update({ modelNumbers })} />
              </fieldset>
            </>
          ) : null}
          {form.kind !== 'balance' ? <StarsEditor stars={form.stars} onChange={(stars) => update({ stars })} error={errors.stars} /> : null}
          <TextField id={`${id}-title`} label={t('publish.title')} hint={t('publish.titleHint')} value={form.title} onChange={(title) => update({ title })} error={errors.title} />
          <div className="field-row">
            <SelectField
              id={`${id}-language`}
              label={t('publish.language')}
              hint={t('publish.languageHint')}
              value={form.language}
              options={(['en', 'zh'] as const).map((l) => ({ value: l, label: t(`publish.languages.${l}`) }))}
              onChange={(language) => update({ language })}
            />
            <TextField id={`${id}-digits`} label={t('publish.digits')} value={form.digits} onChange={(digits) => update({ digits })} error={errors.digits} inputMode="numeric" />
          </div>
          <div className="field">
            <label htmlFor={`${id}-notes`}>{t('publish.notes')}</label>
            <textarea id={`${id}-notes`} rows={3} value={form.notes} onChange={(e) => update({ notes: e.target.value })} />
            <p className="field-hint">{t('publish.notesHint')}</p>
          </div>
          <CheckField label={t('publish.autoNotes')} checked={form.autoNotes} onChange={(autoNotes) => update({ autoNotes })} />
        </div>
        <section className="pub-preview-pane" aria-label={t('publish.preview')}>
          <div className="pub-preview-head">
            <h3>{t('publish.preview')}</h3>
            {preview.kind === 'loading' ? (
              <span className="muted small" role="status">
                {t('publish.previewing')}
              </span>
            ) : null}
          </div>
          {preview.kind === 'failed' ? <ErrorMessage error={preview.error} title={t('publish.previewFailed')} /> : null}
          {shown && preview.kind !== 'failed' ? (
            <>
              {shown.warnings.map((w) => (
                <p key={w} className="notice notice-warn" role="status">
                  {w}
                </p>
              ))}
              <div className="pub-paper">
                <TablePreview table={shown.table} />
              </div>
            </>
          ) : null}
          {!shown && preview.kind !== 'failed' ? <p className="muted">{withResults.length === 0 && analyses !== null ? t('publish.noAnalyses') : t('publish.previewEmpty')}</p> : null}
          <div className="pub-actions">
            <span className="field-label">{t('publish.export')}</span>
            <div className="pub-buttons">
              {tableFormat.options.map((f) => (
                <button key={f} type="button" className={f === 'docx' ? 'btn btn-primary' : 'btn'} disabled={busy} onClick={() => exportAs(f)}>
                  {t('publish.formats.' + f)}
                </button>
              ))}
            </div>
            <div className="pub-buttons">
              <button type="button" className="btn" onClick={() => void copy()} title={t('publish.copyHint')}>
                {t('publish.copy')}
              </button>
            </div>
            <ExportStatus state={exporter.state} onCancel={exporter.cancel} />
            <div className="pub-save">
              <TextField id={`${id}-name`} label={t('publish.tableName')} value={name} placeholder={form.title || t(`publish.kinds.${form.kind}`)} onChange={setName} />
              <button type="button" className="btn" onClick={() => void save()}>
                {t('publish.save')}
              </button>
            </div>
            {notice ? (
              <p className="notice" role="status">
                {notice}
              </p>
            ) : null}
          </div>
        </section>
      </div>
    </div>
  );
}
