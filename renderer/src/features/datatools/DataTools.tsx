import { useState, type ReactElement, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { DatasetInfo } from '../../../../shared/contract';
import { DiagnosticsView } from './DiagnosticsView';
import { ExportDialog } from './ExportDialog';
import { MergeDialog } from './MergeDialog';
import { PanelToolsDialog } from './PanelToolsDialog';
import { VariablesView } from './VariablesView';
import './datatools.css';

export type DataSection = 'rows' | 'variables' | 'diagnostics';
const SECTIONS: readonly DataSection[] = ['rows', 'variables', 'diagnostics'];

export interface DataToolsProps {
  dataset: DatasetInfo;
  datasets: readonly DatasetInfo[];
  /** The grid and column summary, shown in the "rows" section. */
  rows: ReactNode;
  onChanged: (dataset: DatasetInfo) => void;
  onCreated: (dataset: DatasetInfo) => void;
}

/**
 * Data management around a dataset's rows: the sections (rows, variables and recipe,
 * diagnostics) and the panel tools, merge/append and export dialogs. What the last step did
 * stays on top until dismissed.
 */
export function DataTools({ dataset, datasets, rows, onChanged, onCreated }: DataToolsProps): ReactElement {
  const { t } = useTranslation();
  const [section, setSection] = useState<DataSection>('rows');
  const [dialog, setDialog] = useState<'panel' | 'merge' | 'export' | null>(null);
  /** What the last step did, shown while its dataset is the one on screen. */
  const [message, setMessage] = useState<{ datasetId: string; text: string } | null>(null);

  const changed = (d: DatasetInfo, what: string): void => {
    setDialog(null);
    setMessage({ datasetId: d.id, text: what });
    onChanged(d);
  };

  return (
    <>
      <div className="dt-bar">
        <div className="dt-sections" role="tablist" aria-label={t('dataTools.sectionsLabel')}>
          {SECTIONS.map((s) => (
            <button key={s} type="button" role="tab" aria-selected={section === s} className={section === s ? 'tab tab-selected' : 'tab'} onClick={() => setSection(s)}>
              {t(`dataTools.sections.${s}`)}
            </button>
          ))}
        </div>
        <div className="dt-actions">
          <button type="button" className="btn" onClick={() => setDialog('panel')}>
            {t('dataTools.openPanel')}
          </button>
          <button type="button" className="btn" onClick={() => setDialog('merge')}>
            {t('dataTools.openMerge')}
          </button>
          <button type="button" className="btn" onClick={() => setDialog('export')}>
            {t('dataTools.openExport')}
          </button>
        </div>
      </div>
      {message?.datasetId === dataset.id ? (
        <div className="notice dt-message" role="status" data-testid="step-message">
          <span>{message.text}</span>
          <button type="button" className="btn btn-small btn-ghost" onClick={() => setMessage(null)}>
            {t('common.dismiss')}
          </button>
        </div>
      ) : null}
      <div role="tabpanel" className={section === 'rows' ? 'dt-section-body' : 'dt-section-body dt-scroll'}>
        {section === 'rows' ? rows : null}
        {section === 'variables' ? <VariablesView dataset={dataset} onChanged={changed} /> : null}
        {section === 'diagnostics' ? <DiagnosticsView dataset={dataset} /> : null}
      </div>
      {dialog === 'panel' ? <PanelToolsDialog dataset={dataset} onApplied={(d, r) => changed(d, r.message)} onClose={() => setDialog(null)} /> : null}
      {dialog === 'merge' ? (
        <MergeDialog
          dataset={dataset}
          datasets={datasets}
          onCreated={(d, what) => {
            setDialog(null);
            setMessage({ datasetId: d.id, text: what });
            onCreated(d);
          }}
          onClose={() => setDialog(null)}
        />
      ) : null}
      {dialog === 'export' ? <ExportDialog dataset={dataset} onClose={() => setDialog(null)} /> : null}
    </>
  );
}
