import type { ReactElement, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Num } from '../../components/Num';
import { formatEstimate, formatP } from '../../components/format';
import { stars, type CoefficientView } from './resultView';

export interface EstimateTableProps {
  rows: CoefficientView[];
  caption?: ReactNode;
  /** Header of the first column (the term); "Variable" by default. */
  termLabel?: string;
  statName?: 't' | 'z';
  /** Extra columns after the term (counts, groups…), already formatted; numbers unless `text`. */
  extra?: { key: string; label: string; cells: ReactNode[]; text?: boolean }[];
  testId?: string;
  /** Show the test columns (stars, t or z, p); off for estimators that report only SEs and CIs. */
  showTest?: boolean;
}

/** A confidence interval cell "[low, high]", or "n/a" when the engine reported none. */
export function CiCell({ low, high }: { low: number | null; high: number | null }): ReactElement {
  const { t } = useTranslation();
  const na = t('results.notApplicable');
  return (
    <td className="num-col ci-cell" data-field="ci">
      {low === null || high === null ? (
        <span className="num-missing">{na}</span>
      ) : (
        <>
          [<Num value={low} display={formatEstimate(low)} missing={na} />, <Num value={high} display={formatEstimate(high)} missing={na} />]
        </>
      )}
    </td>
  );
}

/**
 * Estimates as rows (term, estimate, stars, SE, t or z, p, CI) with the full doubles in
 * `data-value`: the building block of every result view that is not a regression table.
 */
export function EstimateTable({ rows, caption, termLabel, statName = 't', extra = [], testId, showTest = true }: EstimateTableProps): ReactElement {
  const { t } = useTranslation();
  const na = t('results.notApplicable');
  const est = (x: number | null): ReactElement => <Num value={x} display={formatEstimate(x)} missing={na} />;
  return (
    <div className="table-wrap">
      <table className="coef-table estimate-table" data-testid={testId}>
        {caption ? <caption>{caption}</caption> : null}
        <thead>
          <tr>
            <th scope="col">{termLabel ?? t('results.term')}</th>
            {extra.map((x) => (
              <th key={x.key} scope="col" className={x.text ? undefined : 'num-col'}>
                {x.label}
              </th>
            ))}
            <th scope="col" className="num-col">{t('results.estimate')}</th>
            {showTest ? <th scope="col" className="stars-col" aria-label={t('results.starsLabel')}>{t('results.stars')}</th> : null}
            <th scope="col" className="num-col">{t('results.se')}</th>
            {showTest ? <th scope="col" className="num-col">{statName === 'z' ? t('results.z') : t('results.t')}</th> : null}
            {showTest ? <th scope="col" className="num-col">{t('results.p')}</th> : null}
            <th scope="col" className="num-col">{t('results.ci')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row, i) => (
            <tr key={`${row.term}-${i}`} data-term={row.term}>
              <th scope="row">{row.term}</th>
              {extra.map((x) => (
                <td key={x.key} className={x.text ? undefined : 'num-col'} data-field={x.key}>
                  {x.cells[i]}
                </td>
              ))}
              <td className="num-col" data-field="estimate">
                {est(row.estimate)}
              </td>
              {showTest ? (
                <td className="stars-col" data-field="stars">
                  {stars(row.p)}
                </td>
              ) : null}
              <td className="num-col" data-field="se">
                {est(row.se)}
              </td>
              {showTest ? (
                <td className="num-col" data-field="stat">
                  <Num value={row.stat} display={formatEstimate(row.stat, 3)} missing={na} />
                </td>
              ) : null}
              {showTest ? (
                <td className="num-col" data-field="p">
                  <Num value={row.p} display={formatP(row.p)} missing={na} />
                </td>
              ) : null}
              <CiCell low={row.confLow} high={row.confHigh} />
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
