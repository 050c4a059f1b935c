import type { ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { DatasetInfo } from '../../../../shared/contract';
import { formatCount } from '../../components/format';

export interface DatasetListProps {
  datasets: DatasetInfo[];
  selectedId: string | null;
  onSelect: (id: string) => void;
  onImport: () => void;
}

export function DatasetList({ datasets, selectedId, onSelect, onImport }: DatasetListProps): ReactElement {
  const { t, i18n } = useTranslation();
  return (
    <section className="side-section" aria-labelledby="datasets-title">
      <div className="side-head">
        <h2 id="datasets-title">{t('data.datasets')}</h2>
      </div>
      {datasets.length > 0 ? (
        <ul className="side-list" data-testid="dataset-list">
          {datasets.map((d) => (
            <li key={d.id}>
              <button
                type="button"
                className={d.id === selectedId ? 'side-item side-item-selected' : 'side-item'}
                aria-current={d.id === selectedId ? 'true' : undefined}
                onClick={() => onSelect(d.id)}
              >
                <span className="side-item-name">{d.name}</span>
                <span className="side-item-meta">
                  {t('data.shape', {
                    rows: formatCount(d.nrow, i18n.language),
                    columns: formatCount(d.ncol, i18n.language),
                  })}
                </span>
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      <button type="button" className={datasets.length === 0 ? 'btn btn-primary btn-block' : 'btn btn-block'} onClick={onImport}>
        {t('data.importData')}
      </button>
    </section>
  );
}
