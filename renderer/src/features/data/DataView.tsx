import { useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { DatasetInfo } from '../../../../shared/contract';
import { formatCount } from '../../components/format';
import { ColumnSummary } from './ColumnSummary';
import { DataGrid } from './DataGrid';

export interface DataViewProps {
  dataset: DatasetInfo;
  onBuildDid: () => void;
}

/** One dataset: its rows, its column summaries, and the next step (the DID builder). */
export function DataView({ dataset, onBuildDid }: DataViewProps): ReactElement {
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
      <DataGrid key={dataset.id} dataset={dataset} selectedColumn={selectedColumn} onSelectColumn={setSelectedColumn} />
      <ColumnSummary dataset={dataset} selectedColumn={selectedColumn} onSelectColumn={setSelectedColumn} />
    </div>
  );
}
