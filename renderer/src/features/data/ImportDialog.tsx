import { useRef, useState, type FormEvent, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { DataSource, DatasetInfo } from '../../../../shared/contract';
import { ApiError } from '../../api/client';
import type { JobHandle } from '../../api/client';
import { useApi } from '../../app/ApiContext';
import { Dialog, FormFooter } from '../../components/Dialog';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Field, TextField, describedBy } from '../../components/Field';
import { ProgressBar } from '../../components/ProgressBar';
import { ENCODINGS_FOR, datasetNameFromFile, excelChoiceErrors, fileKind, toImportOptions, type DelimiterChoice, type EncodingChoice, type FileKind } from './importOptions';

export interface ImportDialogProps {
  onImported: (dataset: DatasetInfo) => void;
  onClose: () => void;
}

type Phase =
  | { kind: 'idle' }
  | { kind: 'upload'; fraction: number }
  | { kind: 'inspect' }
  | { kind: 'import'; fraction: number; step: string | undefined };

/** Encoding names as people know them; "auto" is translated. */
const ENCODING_NAMES: Record<Exclude<EncodingChoice, 'auto'>, string> = {
  'utf-8': 'UTF-8',
  gbk: 'GBK',
  gb18030: 'GB18030',
  big5: 'Big5',
  'windows-1252': 'Windows-1252 (Western European)',
};
const DELIMITERS: { value: DelimiterChoice; label: string }[] = [
  { value: 'auto', label: 'import.delimiterAuto' },
  { value: ',', label: 'import.delimiterComma' },
  { value: '\t', label: 'import.delimiterTab' },
  { value: ';', label: 'import.delimiterSemicolon' },
];

/**
 * Picks a data file (CSV/TSV, Excel .xlsx, Stata .dta, SPSS .sav) and imports it as a job: the
 * file goes to the Node side (uploaded to the browser host, or by path in Electron), is read in
 * a worker with progress, and can be cancelled at any point; a cancelled or failed import leaves
 * the project as it was. An Excel file is sent as soon as it is picked, to list its sheets.
 */
export function ImportDialog({ onImported, onClose }: ImportDialogProps): ReactElement {
  const { t } = useTranslation();
  const api = useApi();
  const [file, setFile] = useState<File | null>(null);
  const [name, setName] = useState('');
  const [encoding, setEncoding] = useState<EncodingChoice>('auto');
  const [delimiter, setDelimiter] = useState<DelimiterChoice>('auto');
  const [missingText, setMissingText] = useState('');
  const [kind, setKind] = useState<FileKind>('text');
  const [sheets, setSheets] = useState<string[] | null>(null);
  const [sheet, setSheet] = useState('');
  const [headerRow, setHeaderRow] = useState('1');
  const [headerRows, setHeaderRows] = useState('1');
  const [phase, setPhase] = useState<Phase>({ kind: 'idle' });
  const [errors, setErrors] = useState<{ file?: string; name?: string; headerRow?: string; headerRows?: string }>({});
  const [failure, setFailure] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const job = useRef<JobHandle<unknown> | null>(null);
  const cancelRequested = useRef(false);
  /** The picked file already sent to the Node side (to list an Excel file's sheets). */
  const sent = useRef<{ file: File; source: DataSource } | null>(null);

  const busy = phase.kind !== 'idle';
  /** Sending an Excel file to list its sheets: nothing to cancel, the import has not started. */
  const [listing, setListing] = useState(false);

  const send = (picked: File): Promise<DataSource> => {
    if (sent.current?.file === picked) return Promise.resolve(sent.current.source);
    return api.sourceForFile(picked, (fraction) => setPhase({ kind: 'upload', fraction })).then((source) => {
      sent.current = { file: picked, source };
      return source;
    });
  };

  const listSheets = async (picked: File): Promise<void> => {
    setListing(true);
    try {
      const source = await send(picked);
      setPhase({ kind: 'inspect' });
      const info = await api.call('file.inspect', { source });
      if (sent.current?.file !== picked) return;
      setSheets(info.sheets);
      setSheet(info.sheets?.[0] ?? '');
    } catch (err) {
      setFailure(err);
    } finally {
      setPhase({ kind: 'idle' });
      setListing(false);
    }
  };

  const onFile = (picked: File | null): void => {
    setFile(picked);
    setFailure(null);
    setNotice(null);
    setSheets(null);
    setSheet('');
    sent.current = null;
    if (!picked) return;
    setName(datasetNameFromFile(picked.name));
    const k = fileKind(picked.name);
    setKind(k);
    if (k !== 'excel' && !ENCODINGS_FOR[k].includes(encoding)) setEncoding('auto');
    if (k === 'excel') void listSheets(picked);
  };

  const finishCancelled = (): void => {
    job.current = null;
    setPhase({ kind: 'idle' });
    setNotice(t('import.cancelled'));
  };

  const start = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    const excel = excelChoiceErrors({ headerRow, headerRows });
    const next = {
      file: file ? undefined : t('import.fileRequired'),
      name: name.trim() ? undefined : t('import.nameRequired'),
      headerRow: kind === 'excel' && excel.headerRow ? t('dataTools.import.headerRowInvalid') : undefined,
      headerRows: kind === 'excel' && excel.headerRows ? t('dataTools.import.headerRowsInvalid') : undefined,
    };
    setErrors(next);
    if (!file || next.name || next.headerRow || next.headerRows) return;
    cancelRequested.current = false;
    setFailure(null);
    setNotice(null);
    setPhase({ kind: 'upload', fraction: 0 });
    try {
      const source = await send(file);
      // The upload cannot be aborted half-way; a cancel during it simply never starts the import.
      if (cancelRequested.current) {
        finishCancelled();
        return;
      }
      setPhase({ kind: 'import', fraction: 0, step: undefined });
      const handle = api.startJob(
        'dataset.import',
        { source, name: name.trim(), options: toImportOptions({ encoding, delimiter, missingText, kind, sheet, headerRow, headerRows }) },
        { onProgress: (fraction, step) => setPhase({ kind: 'import', fraction, step }) },
      );
      job.current = handle;
      const { dataset } = await handle.promise;
      job.current = null;
      // The Node side removes an upload once it is imported.
      sent.current = null;
      onImported(dataset);
    } catch (err) {
      if (err instanceof ApiError && err.code === 'cancelled') {
        finishCancelled();
        return;
      }
      job.current = null;
      setPhase({ kind: 'idle' });
      setFailure(err);
    }
  };

  const cancel = (): void => {
    cancelRequested.current = true;
    void job.current?.cancel();
  };

  const progressLabel =
    phase.kind === 'upload'
      ? t('import.uploading')
      : phase.kind === 'inspect'
        ? t('dataTools.import.listingSheets')
        : phase.kind === 'import' && phase.step === 'write'
          ? t('import.writing')
          : t('import.reading');
  const encodings = kind === 'excel' ? [] : ENCODINGS_FOR[kind];
  const encodingField = (
    <Field id="import-encoding" label={t('import.encoding')} hint={kind === 'stata' ? t('dataTools.import.stataEncodingHint') : kind === 'spss' ? t('dataTools.import.spssEncodingHint') : undefined}>
      <select
        id="import-encoding"
        value={encoding}
        onChange={(e) => setEncoding(encodings.find((x) => x === e.target.value) ?? 'auto')}
        disabled={busy}
        aria-describedby={kind === 'text' ? undefined : 'import-encoding-hint'}
      >
        {encodings.map((enc) => (
          <option key={enc} value={enc}>
            {enc === 'auto' ? t('import.encodingAuto') : ENCODING_NAMES[enc]}
          </option>
        ))}
      </select>
    </Field>
  );

  return (
    <Dialog
      title={t('import.title')}
      onClose={onClose}
      busy={busy}
      footer={
        busy && !listing ? (
          <button type="button" className="btn" onClick={cancel}>
            {t('import.cancel')}
          </button>
        ) : (
<FormFooter formId="import-form" submitLabel={t('import.start')} onCancel={onClose} cancelLabel={t('common.cancel')} busy={false} submitDisabled={listing} />
        )
      }
    >
      <form id="import-form" onSubmit={(e) => void start(e)} noValidate>
        <Field id="import-file" label={t('import.file')} error={errors.file}>
          <input
            id="import-file"
            type="file"
            accept=".csv,.tsv,.txt,.xlsx,.xlsm,.dta,.sav,.zsav,text/csv,text/tab-separated-values"
            onChange={(e) => onFile(e.target.files?.[0] ?? null)}
            disabled={busy}
            aria-invalid={errors.file ? true : undefined}
            aria-describedby={describedBy('import-file', false, !!errors.file)}
          />
        </Field>
        <TextField
          id="import-name"
          label={t('import.datasetName')}
          value={name}
          onChange={setName}
          disabled={busy}
          error={errors.name}
        />
        {kind === 'text' ? (
          <>
            <div className="field-row">
              {encodingField}
              <Field id="import-delimiter" label={t('import.delimiter')}>
                <select
                  id="import-delimiter"
                  value={delimiter}
                  onChange={(e) => setDelimiter(DELIMITERS.find((x) => x.value === e.target.value)?.value ?? 'auto')}
                  disabled={busy}
                >
                  {DELIMITERS.map((d) => (
                    <option key={d.label} value={d.value}>
                      {t(d.label)}
                    </option>
                  ))}
                </select>
              </Field>
            </div>
            <TextField
              id="import-missing"
              label={t('import.missing')}
              hint={t('import.missingHint')}
              value={missingText}
              onChange={setMissingText}
              disabled={busy}
            />
          </>
        ) : null}
        {kind === 'stata' || kind === 'spss' ? (
          <>
            {encodingField}
            <p className="field-hint">{t('dataTools.import.labelsKept')}</p>
          </>
        ) : null}
        {kind === 'excel' ? (
          <>
            <Field id="import-sheet" label={t('dataTools.import.sheet')}>
              <select id="import-sheet" value={sheet} onChange={(e) => setSheet(e.target.value)} disabled={busy || !sheets}>
                {(sheets ?? []).map((s) => (
                  <option key={s} value={s}>
                    {s}
                  </option>
                ))}
              </select>
            </Field>
            <div className="field-row">
              <TextField
                id="import-header-row"
                label={t('dataTools.import.headerRow')}
                hint={t('dataTools.import.headerRowHint')}
                value={headerRow}
                onChange={setHeaderRow}
                error={errors.headerRow}
                inputMode="numeric"
                disabled={busy}
              />
              <TextField
                id="import-header-rows"
                label={t('dataTools.import.headerRows')}
                hint={t('dataTools.import.headerRowsHint')}
                value={headerRows}
                onChange={setHeaderRows}
                error={errors.headerRows}
                inputMode="numeric"
                disabled={busy}
              />
            </div>
          </>
        ) : null}
      </form>
      {phase.kind !== 'idle' ? <ProgressBar fraction={phase.kind === 'inspect' ? null : phase.fraction} label={progressLabel} /> : null}
      {notice ? (
        <p className="notice" role="status">
          {notice}
        </p>
      ) : null}
      {failure !== null ? <ErrorMessage error={failure} title={t('import.failed')} /> : null}
    </Dialog>
  );
}
