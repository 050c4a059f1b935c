import { useId, useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { ProjectInfo } from '../../../../shared/contract';
import type { TableLanguage } from '../../../../shared/specs/table';
import { TextField } from '../../components/Field';
import { outputLanguage } from '../../charts/figureSpecs';
import { SelectField } from '../didkit/fields';
import { ExportDialog } from './ExportDialog';
import { useExport } from './useExport';

export interface ReportDialogProps {
  project: ProjectInfo;
  onClose: () => void;
}

/** The project report: one HTML file with every table and figure and what reproduces each. */
export function ReportDialog({ project, onClose }: ReportDialogProps): ReactElement {
  const { t, i18n } = useTranslation();
  const id = useId();
  const [title, setTitle] = useState(project.name);
  const [language, setLanguage] = useState<TableLanguage>(outputLanguage(i18n.language));
  const job = useExport();
  const running = job.state.kind === 'running';
  const name = `${title.trim() || project.name} report.html`;
  return (
    <ExportDialog
      title={t('publish.reportTitle')}
      job={job}
      onClose={onClose}
      onExport={() => void job.run({ channel: 'project.report', request: { language, ...(title.trim() ? { title: title.trim() } : {}) }, suggestedName: name, extensions: ['html'] })}
    >
      <p className="muted">{t('publish.reportIntro')}</p>
      <TextField id={`${id}-title`} label={t('publish.title')} value={title} onChange={setTitle} disabled={running} />
      <SelectField
        id={`${id}-language`}
        label={t('publish.reportLanguage')}
        value={language}
        options={(['en', 'zh'] as const).map((l) => ({ value: l, label: t(`publish.languages.${l}`) }))}
        onChange={setLanguage}
        disabled={running}
      />
    </ExportDialog>
  );
}
