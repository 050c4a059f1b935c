import { useRef, useState, type FormEvent, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { DatasetInfo } from '../../../../shared/contract';
import { ApiError } from '../../api/client';
import type { JobHandle } from '../../api/client';
import { useApi } from '../../app/ApiContext';
import { Dialog } from '../../components/Dialog';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Field, TextField, describedBy } from '../../components/Field';
import { ProgressBar } from '../../components/ProgressBar';
import { datasetNameFromFile, toImportOptions, type DelimiterChoice, type EncodingChoice } from './importOptions';

export interface ImportDialogProps {
  onImported: (dataset: DatasetInfo) => void;
  onClose: () => void;
}

type Phase = { kind: 'idle' } | { kind: 'upload'; fraction: number } | { kind: 'import'; fraction: number; step: string | undefined };

const ENCODINGS: EncodingChoice[] = ['auto', 'utf-8', 'gbk', 'gb18030'];
const DELIMITERS: { value: DelimiterChoice; label: string }[] = [
  { value: 'auto', label: 'import.delimiterAuto' },
  { value: ',', label: 'import.delimiterComma' },
  { value: '\t', label: 'import.delimiterTab' },
  { value: ';', label: 'import.delimiterSemicolon' },
];

/**
 * Picks a CSV/TSV file and imports it as a job: the file goes to the Node side (uploaded to the
 * browser host, or by path in Electron), is read in a worker with progress, and can be
 * cancelled at any point; a cancelled or failed import leaves the project as it was.
 */
export function ImportDialog({ onImported, onClose }: ImportDialogProps): ReactElement {
  const { t } = useTranslation();
  const api = useApi();
  const [file, setFile] = useState<File | null>(null);
  const [name, setName] = useState('');
  const [encoding, setEncoding] = useState<EncodingChoice>('auto');
  const [delimiter, setDelimiter] = useState<DelimiterChoice>('auto');
  const [missingText, setMissingText] = useState('');
  const [phase, setPhase] = useState<Phase>({ kind: 'idle' });
  const [errors, setErrors] = useState<{ file?: string; name?: string }>({});
  const [failure, setFailure] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const job = useRef<JobHandle<unknown> | null>(null);
  const cancelRequested = useRef(false);

  const busy = phase.kind !== 'idle';

  const onFile = (picked: File | null): void => {
    setFile(picked);
    setFailure(null);
    setNotice(null);
    if (picked) setName(datasetNameFromFile(picked.name));
  };

  const finishCancelled = (): void => {
    job.current = null;
    setPhase({ kind: 'idle' });
    setNotice(t('import.cancelled'));
  };

  const start = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    const next = { file: file ? undefined : t('import.fileRequired'), name: name.trim() ? undefined : t('import.nameRequired') };
    setErrors(next);
    if (!file || next.name) return;
    cancelRequested.current = false;
    setFailure(null);
    setNotice(null);
    setPhase({ kind: 'upload', fraction: 0 });
    try {
      const source = await api.sourceForFile(file, (fraction) => setPhase({ kind: 'upload', fraction }));
      // The upload cannot be aborted half-way; a cancel during it simply never starts the import.
      if (cancelRequested.current) {
        finishCancelled();
        return;
      }
      setPhase({ kind: 'import', fraction: 0, step: undefined });
      const handle = api.startJob(
        'dataset.import',
        { source, name: name.trim(), options: toImportOptions({ encoding, delimiter, missingText }) },
        { onProgress: (fraction, step) => setPhase({ kind: 'import', fraction, step }) },
      );
      job.current = handle;
      const { dataset } = await handle.promise;
      job.current = null;
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
      : phase.kind === 'import' && phase.step === 'write'
        ? t('import.writing')
        : t('import.reading');

  return (
    <Dialog
      title={t('import.title')}
      onClose={onClose}
      busy={busy}
      footer={
        busy ? (
          <button type="button" className="btn" onClick={cancel}>
            {t('import.cancel')}
          </button>
        ) : (
          <>
            <button type="button" className="btn" onClick={onClose}>
              {t('common.cancel')}
            </button>
            <button type="submit" form="import-form" className="btn btn-primary">
              {t('import.start')}
            </button>
          </>
        )
      }
    >
      <form id="import-form" onSubmit={(e) => void start(e)} noValidate>
        <Field id="import-file" label={t('import.file')} error={errors.file}>
          <input
            id="import-file"
            type="file"
            accept=".csv,.tsv,.txt,text/csv,text/tab-separated-values"
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
        <div className="field-row">
          <Field id="import-encoding" label={t('import.encoding')}>
            <select
              id="import-encoding"
              value={encoding}
              onChange={(e) => setEncoding(ENCODINGS.find((x) => x === e.target.value) ?? 'auto')}
              disabled={busy}
            >
              {ENCODINGS.map((enc) => (
                <option key={enc} value={enc}>
                  {enc === 'auto' ? t('import.encodingAuto') : enc.toUpperCase()}
                </option>
              ))}
            </select>
          </Field>
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
      </form>
      {phase.kind !== 'idle' ? <ProgressBar fraction={phase.fraction} label={progressLabel} /> : null}
      {notice ? (
        <p className="notice" role="status">
          {notice}
        </p>
      ) : null}
      {failure !== null ? <ErrorMessage error={failure} title={t('import.failed')} /> : null}
    </Dialog>
  );
}
