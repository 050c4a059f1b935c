import type { ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { AnalysisInfo } from '../../../../shared/contract';

export interface AnalysisListProps {
  analyses: AnalysisInfo[];
  selectedId: string | null;
  onOpen: (id: string) => void;
}

/** The analyses saved in the project, newest first; opening one shows its stored result. */
export function AnalysisList({ analyses, selectedId, onOpen }: AnalysisListProps): ReactElement {
  const { t, i18n } = useTranslation();
  const sorted = [...analyses].sort((a, b) => (a.updatedAt < b.updatedAt ? 1 : a.updatedAt > b.updatedAt ? -1 : 0));
  return (
    <section className="side-section" aria-labelledby="analyses-title">
      <div className="side-head">
        <h2 id="analyses-title">{t('results.saved')}</h2>
      </div>
      {sorted.length === 0 ? (
        <p className="muted small">{t('results.noAnalyses')}</p>
      ) : (
        <ul className="side-list" data-testid="analysis-list">
          {sorted.map((a) => (
            <li key={a.id}>
              <button
                type="button"
                className={a.id === selectedId ? 'side-item side-item-selected' : 'side-item'}
                aria-current={a.id === selectedId ? 'true' : undefined}
                onClick={() => onOpen(a.id)}
              >
                <span className="side-item-name">{a.name}</span>
                <span className="side-item-meta">
                  {a.model.toUpperCase()} · {a.dataset}
                  {a.lastRun ? ` · ${new Date(a.lastRun.createdAt).toLocaleDateString(i18n.language)}` : ''}
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
