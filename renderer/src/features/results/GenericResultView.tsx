import { useMemo, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { Num } from '../../components/Num';
import { formatStat } from '../../components/format';
import { EstimateTable } from './EstimateTable';
import { ResultNotes } from './ResultNotes';
import { genericView } from './genericResult';
import type { ResultViewProps } from './resultViews';

/** A model without a view of its own: its estimates, its scalar statistics and its notes. */
export function GenericResultView({ stored }: ResultViewProps): ReactElement {
  const { t } = useTranslation();
  const view = useMemo(() => genericView(stored.result), [stored]);
  return (
    <div data-testid="generic-result">
      {view.rows.length > 0 ? (
        <EstimateTable rows={view.rows} statName={view.statName} testId="coefficient-table" />
      ) : (
        <p className="muted">{t('builders.noTable')}</p>
      )}
      {view.stats.length > 0 ? (
        <dl className="stat-list">
          {view.stats.map((s) => (
            <div key={s.name} data-stat={s.name}>
              <dt>{s.name}</dt>
              <dd>
                {typeof s.value === 'number' ? (
                  <Num value={s.value} display={formatStat(s.value)} />
                ) : s.value === null ? (
                  t('results.notApplicable')
                ) : typeof s.value === 'boolean' ? (
                  s.value ? t('common.yes') : t('builders.no')
                ) : (
                  s.value
                )}
              </dd>
            </div>
          ))}
        </dl>
      ) : null}
      <ResultNotes notes={view.notes} />
    </div>
  );
}
