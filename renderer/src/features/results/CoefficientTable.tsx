import type { ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { Num } from '../../components/Num';
import { formatCount, formatEstimate, formatP } from '../../components/format';
import { CiCell } from './EstimateTable';
import { stars, type TableView } from './resultView';

export interface CoefficientTableProps {
  table: TableView;
}

/**
 * The regression table: one row per coefficient (estimate, SE, t or z, p, 95% CI, stars), then
 * N, R², within R², one row per fixed effect and the standard-error row, as journals print
 * them. Every number carries its full double in `data-value` / `title`.
 */
export function CoefficientTable({ table }: CoefficientTableProps): ReactElement {
  const { t, i18n } = useTranslation();
  const na = t('results.notApplicable');
  const est = (x: number | null): ReactElement => <Num value={x} display={formatEstimate(x)} missing={na} />;
  /** Statistics rows put their value under the estimate column, as regression tables do. */
  const statCells = (content: ReactElement | string): ReactElement => (
    <>
      <td className="num-col">{content}</td>
      <td colSpan={5} />
    </>
  );

  const seRow = (): { label: string; value: string } => {
    const se = table.se;
    switch (se.kind) {
      case 'cluster':
        return {
          label: t('results.clusterRow'),
          value: se.clusters
            .map((c) =>
              c.count === null ? c.name : t('results.clusterValue', { name: c.name, count: formatCount(c.count, i18n.language) }),
            )
            .join(', '),
        };
      case 'hetero':
        return { label: t('results.vcovRow'), value: t('results.vcovHetero') };
      case 'iid':
        return { label: t('results.vcovRow'), value: t('results.vcovIid') };
      case 'other':
        return { label: t('results.vcovRow'), value: se.label || na };
    }
  };
  const se = seRow();

  return (
    <div className="table-wrap">
      <table className="coef-table" data-testid="coefficient-table">
        <caption>
          <span className="caption-title">{t('results.tableTitle')}</span>
          {table.outcome ? <span className="caption-sub">{t('results.dependent', { name: table.outcome })}</span> : null}
        </caption>
        <thead>
          <tr>
            <th scope="col">{t('results.term')}</th>
            <th scope="col" className="num-col">{t('results.estimate')}</th>
            <th scope="col" className="stars-col" aria-label={t('results.starsLabel')}>{t('results.stars')}</th>
            <th scope="col" className="num-col">{t('results.se')}</th>
            <th scope="col" className="num-col">{table.statName === 'z' ? t('results.z') : t('results.t')}</th>
            <th scope="col" className="num-col">{t('results.p')}</th>
            <th scope="col" className="num-col">{t('results.ci')}</th>
          </tr>
        </thead>
        <tbody>
          {table.rows.map((row) => (
            <tr key={row.term} data-term={row.term}>
              <th scope="row">{row.term}</th>
              <td className="num-col" data-field="estimate">
                {est(row.estimate)}
              </td>
              <td className="stars-col" data-field="stars">
                {stars(row.p)}
              </td>
              <td className="num-col" data-field="se">
                {est(row.se)}
              </td>
              <td className="num-col" data-field="stat">
                <Num value={row.stat} display={formatEstimate(row.stat, 3)} missing={na} />
              </td>
              <td className="num-col" data-field="p">
                <Num value={row.p} display={formatP(row.p)} missing={na} />
              </td>
              <CiCell low={row.confLow} high={row.confHigh} />
            </tr>
          ))}
        </tbody>
        <tbody className="stats-body">
          <tr data-stat="nobs">
            <th scope="row">{t('results.nobs')}</th>
            {statCells(<Num value={table.nobs} display={formatCount(table.nobs, i18n.language)} missing={na} />)}
          </tr>
          <tr data-stat="r2">
            <th scope="row">{t('results.r2')}</th>
            {statCells(est(table.r2))}
          </tr>
          <tr data-stat="r2_within">
            <th scope="row">{t('results.r2Within')}</th>
            {statCells(est(table.r2Within))}
          </tr>
          {table.fixedEffects.map((fe) => (
            <tr key={fe} data-stat="fe" data-fe={fe}>
              <th scope="row">{t('results.feRow', { name: fe })}</th>
              {statCells(t('common.yes'))}
            </tr>
          ))}
          <tr data-stat="se">
            <th scope="row">{se.label}</th>
            <td className="se-value" colSpan={6}>
              {se.value}
            </td>
          </tr>
        </tbody>
      </table>
      {table.collinearDropped.length > 0 ? (
        <p className="table-note">{t('results.dropped', { terms: table.collinearDropped.join(', ') })}</p>
      ) : null}
      <p className="table-note">{t('results.starsNote')}</p>
    </div>
  );
}
