import { useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { DatasetInfo } from '../../../../shared/contract';
import { formatCount } from '../../components/format';
import { DataTools } from '../datatools/DataTools';
import { ColumnSummary } from './ColumnSummary';
import { DataGrid } from './DataGrid';

export interface DataViewProps {
  dataset: DatasetInfo;
  /** Every dataset of the project (merge and append pick from them). */
  datasets: readonly DatasetInfo[];
  onBuildDid: () => void;
  /** A recipe step, undo or replay changed this dataset. */
  onDatasetChanged: (dataset: DatasetInfo) => void;
  /** A merge or append made a new dataset. */
  onDatasetCreated: (dataset: DatasetInfo) => void;
}

/**
 * One dataset: its rows and column summaries, its variables and recipe, its diagnostics, the
 * data-management tools, and the next step (the DID builder).
 */
export function DataView({ dataset, datasets, onBuildDid, onDatasetChanged, onDatasetCreated }: DataViewProps): ReactElement {
  const { t, i18n } = useTranslation();
  const [selectedColumn, setSelectedColumn] = useState<string | null>(null);
  return (
    <div className="data-view">
      <div className="view-head">
        <div>
          <h2 data-testid="dataset-title">{dataset.name}</h2>
          <p className="muted">
            {t('data.shape', {
              rows: formatCount(dataset.nrow, i18n.language),
              columns: formatCount(dataset.ncol, i18n.language),
            })}
          </p>
          {dataset.description ? <p className="muted dataset-description">{dataset.description}</p> : null}
        </div>
        <button type="button" className="btn btn-primary" onClick={onBuildDid}>
          {t('data.nextStep')}
        </button>
      </div>
      <DataTools
        dataset={dataset}
        datasets={datasets}
        onChanged={onDatasetChanged}
        onCreated={onDatasetCreated}
        rows={
          <>
            <DataGrid key={dataset.id} dataset={dataset} selectedColumn={selectedColumn} onSelectColumn={setSelectedColumn} />
            <ColumnSummary dataset={dataset} selectedColumn={selectedColumn} onSelectColumn={setSelectedColumn} />
          </>
        }
      />
    </div>
  );
}
