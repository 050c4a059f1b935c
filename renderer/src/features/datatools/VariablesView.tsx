import { useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { ColumnInfo, DatasetInfo } from '../../../../shared/contract';
import type { StepReport } from '../../../../shared/contract-data';
import { valueLabelSummary } from '../data/columnText';
import { RecipePanel } from './RecipePanel';
import { StepDialog, type StepOp } from './StepDialog';

export interface VariablesViewProps {
  dataset: DatasetInfo;
  /** A step, an undo or a replay changed the dataset; `message` says what happened. */
  onChanged: (dataset: DatasetInfo, message: string) => void;
}

function typeKey(c: ColumnInfo): 'number' | 'string' | 'date' {
  if (c.type === 'string') return 'string';
  return c.format === 'date' ? 'date' : 'number';
}

/**
 * The dataset's variables with their labels, types and value labels, the steps that change
 * them (generate, rename, label, change type, recode, drop/keep, keep rows if) and the
 * recipe those steps build.
 */
export function VariablesView({ dataset, onChanged }: VariablesViewProps): ReactElement {
  const { t } = useTranslation();
  const [open, setOpen] = useState<{ op: StepOp; column?: ColumnInfo } | null>(null);

  const applied = (d: DatasetInfo, report: StepReport): void => {
    setOpen(null);
    onChanged(d, report.message);
  };

  return (
    <div className="dt-variables">
      <section className="dt-variables-main" aria-labelledby="variables-title">
        <div className="dt-toolbar">
          <h3 id="variables-title">{t('dataTools.variables.title')}</h3>
          <div className="dt-actions">
            <button type="button" className="btn btn-primary" onClick={() => setOpen({ op: 'generate' })}>
              {t('dataTools.steps.generate')}
            </button>
            <button type="button" className="btn" onClick={() => setOpen({ op: 'dropKeep' })}>
              {t('dataTools.steps.dropKeep')}
            </button>
            <button type="button" className="btn" onClick={() => setOpen({ op: 'filter' })}>
              {t('dataTools.steps.filter')}
            </button>
          </div>
        </div>
        <div className="dt-table-scroll">
          <table className="summary-table dt-var-table" data-testid="variables-table">
            <thead>
              <tr>
                <th scope="col">{t('dataTools.variables.name')}</th>
                <th scope="col">{t('dataTools.variables.label')}</th>
                <th scope="col">{t('dataTools.variables.type')}</th>
                <th scope="col">{t('dataTools.variables.valueLabels')}</th>
                <th scope="col">{t('dataTools.variables.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {dataset.columns.map((c) => (
                <tr key={c.name} data-column={c.name}>
                  <th scope="row">{c.name}</th>
                  <td>{c.label ?? ''}</td>
                  <td>{t(`dataTools.types.${typeKey(c)}`)}</td>
                  <td className="dt-value-labels" title={valueLabelSummary(c.valueLabels, 50)}>
                    {valueLabelSummary(c.valueLabels, 2)}
                  </td>
                  <td className="dt-row-actions">
                    {(['rename', 'label', 'setType', 'recode'] as const).map((op) => (
                      <button
                        key={op}
                        type="button"
                        className="btn btn-small btn-ghost"
                        aria-label={t(`dataTools.variables.${op}Of`, { name: c.name })}
                        onClick={() => setOpen({ op, column: c })}
                      >
                        {t(`dataTools.variables.${op}`)}
                      </button>
                    ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <RecipePanel dataset={dataset} onChanged={onChanged} />
      {open ? <StepDialog dataset={dataset} op={open.op} column={open.column} onApplied={applied} onClose={() => setOpen(null)} /> : null}
    </div>
  );
}
