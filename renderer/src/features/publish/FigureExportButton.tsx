import { useId, useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { FigureFormat, FigureSpec } from '../../../../shared/specs/figure';
import { ExportDialog } from './ExportDialog';
import { useExport } from './useExport';

export interface FigureExportButtonProps {
  /**
   * The figures a result view draws, as the specs it draws them from (charts/figureSpecs.ts),
   * so the exported file is the chart on screen. The first is preselected.
   */
  figures: FigureSpec[];
}

/** "Export figure": PNG at the spec's dpi (300 by default) or SVG, drawn on the Node side. */
export function FigureExportButton({ figures }: FigureExportButtonProps): ReactElement | null {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  if (figures.length === 0) return null;
  return (
    <>
      <button type="button" className="btn" onClick={() => setOpen(true)}>
        {t('publish.exportFigure')}
      </button>
      {open ? <FigureExportDialog figures={figures} onClose={() => setOpen(false)} /> : null}
    </>
  );
}

function FigureExportDialog({ figures, onClose }: { figures: FigureSpec[]; onClose: () => void }): ReactElement {
  const { t } = useTranslation();
  const id = useId();
  const [index, setIndex] = useState(0);
  const [format, setFormat] = useState<FigureFormat>('png');
  const job = useExport();
  const spec = figures[Math.min(index, figures.length - 1)];
  const running = job.state.kind === 'running';
  const name = `${spec.title ?? t(`publish.figureKinds.${spec.kind}`)}.${format}`;
  return (
    <ExportDialog
      title={t('publish.exportFigure')}
      job={job}
      onClose={onClose}
      onExport={() => void job.run({ channel: 'figure.export', request: { spec, format }, suggestedName: name, extensions: [format] })}
    >
      {figures.length > 1 ? (
        <div className="field">
          <label htmlFor={`${id}-figure`}>{t('publish.figure')}</label>
          <select id={`${id}-figure`} value={index} onChange={(e) => setIndex(Number(e.target.value))} disabled={running}>
            {figures.map((f, i) => (
              <option key={`${f.kind}-${i}`} value={i}>
                {f.title ?? t(`publish.figureKinds.${f.kind}`)}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      <fieldset className="radio-group">
        <legend>{t('publish.format')}</legend>
        <label className="radio">
          <input type="radio" name={`${id}-format`} checked={format === 'png'} onChange={() => setFormat('png')} disabled={running} />
          {t('publish.png', { dpi: spec.dpi })}
        </label>
        <label className="radio">
          <input type="radio" name={`${id}-format`} checked={format === 'svg'} onChange={() => setFormat('svg')} disabled={running} />
          {t('publish.svg')}
        </label>
      </fieldset>
      <p className="field-hint">{t('publish.figureHint')}</p>
    </ExportDialog>
  );
}
