import { useEffect, useRef, useState, type FormEvent, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { DatasetInfo, ResponseOf } from '../../../../shared/contract';
import type { ExportFormat } from '../../../../shared/contract-data';
import { useApi } from '../../app/ApiContext';
import { Dialog, FormFooter } from '../../components/Dialog';
import { ErrorMessage } from '../../components/ErrorMessage';
import { formatCount } from '../../components/format';
import { JobStatus } from './JobStatus';
import { Check, Choice } from './formParts';
import { useDataJob } from './useDataJob';

export interface ExportDialogProps {
  dataset: DatasetInfo;
  onClose: () => void;
}

type CsvEncoding = 'utf-8' | 'utf-8-bom' | 'gbk';
const EXTENSIONS: Record<ExportFormat, string> = { csv: 'csv', xlsx: 'xlsx', dta: 'dta' };

/** A file name for the save dialog: the dataset's name without characters file systems refuse. */
export function suggestedFileName(name: string, format: ExportFormat): string {
  const stem = name.replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_').trim() || 'data';
  return `${stem}.${EXTENSIONS[format]}`;
}

/**
 * Writes the dataset as CSV (UTF-8, UTF-8 for Excel, or GBK for older Chinese software),
 * Excel .xlsx or Stata .dta (format 118, with variable and value labels). The browser host
 * hands the file over as a download; Electron asks where to save it first.
 */
export function ExportDialog({ dataset, onClose }: ExportDialogProps): ReactElement {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const job = useDataJob();
  const [format, setFormat] = useState<ExportFormat>('dta');
  const [encoding, setEncoding] = useState<CsvEncoding>('utf-8-bom');
  const [useLabels, setUseLabels] = useState(false);
  const [done, setDone] = useState<ResponseOf<'dataset.export'> | null>(null);
  const [pathError, setPathError] = useState<unknown>(null);
  const link = useRef<HTMLAnchorElement>(null);

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    setDone(null);
    setPathError(null);
    let path: string | undefined;
    if (api.shell === 'electron') {
      try {
        const chosen = await api.call('file.chooseSavePath', { suggestedName: suggestedFileName(dataset.name, format), extensions: [EXTENSIONS[format]] });
        if (chosen.path === null) return;
        path = chosen.path;
      } catch (err) {
        setPathError(err);
        return;
      }
    }
    const r = await job.run('dataset.export', {
      datasetId: dataset.id,
      format,
      ...(format === 'csv' ? { encoding } : {}),
      ...(format !== 'dta' && useLabels ? { useValueLabels: true } : {}),
      ...(path ? { path } : {}),
    });
    if (r.kind === 'done') setDone(r.result);
  };

  // The browser host keeps the file for download: start it at once; the link stays for another try.
  useEffect(() => {
    if (done?.download) link.current?.click();
  }, [done]);

  return (
    <Dialog
      title={t('dataTools.export.title', { name: dataset.name })}
      onClose={onClose}
      busy={job.busy}
      footer={
<FormFooter formId="export-form" submitLabel={t('dataTools.export.run')} onCancel={onClose} cancelLabel={done ? t('dataTools.export.close') : t('common.cancel')} busy={job.busy} />
      }
    >
      <form id="export-form" onSubmit={(e) => void submit(e)} noValidate>
        <Choice
          name="export-format"
          label={t('dataTools.export.format')}
          value={format}
          options={(['dta', 'xlsx', 'csv'] as const).map((v) => ({ value: v, label: t(`dataTools.export.format_${v}`) }))}
          onChange={setFormat}
          disabled={job.busy}
        />
        {format === 'csv' ? (
          <Choice
            name="export-encoding"
            label={t('dataTools.export.encoding')}
            value={encoding}
            options={(['utf-8-bom', 'utf-8', 'gbk'] as const).map((v) => ({ value: v, label: t(`dataTools.export.encoding_${v.replace(/-/g, '')}`) }))}
            onChange={setEncoding}
            disabled={job.busy}
          />
        ) : null}
        {format === 'dta' ? <p className="field-hint">{t('dataTools.export.dtaHint')}</p> : <Check label={t('dataTools.export.useLabels')} checked={useLabels} onChange={setUseLabels} disabled={job.busy} />}
      </form>
      <JobStatus job={job} label={t('dataTools.export.writing')} failedTitle={t('dataTools.export.failed')} />
      {pathError !== null ? <ErrorMessage error={pathError} /> : null}
      {done ? (
        <div className="notice" role="status" data-testid="export-done">
          <p>{done.path ? t('dataTools.export.savedTo', { path: done.path }) : t('dataTools.export.ready', { file: done.file, size: formatCount(Math.ceil(done.bytes / 1024), i18n.language) })}</p>
          {done.download ? (
            <a ref={link} href={done.download.url} download={done.download.name} className="btn btn-small">
              {t('dataTools.export.download', { file: done.download.name })}
            </a>
          ) : null}
          {done.notes.map((n) => (
            <p key={n} className="muted small">
              {n}
            </p>
          ))}
        </div>
      ) : null}
    </Dialog>
  );
}
