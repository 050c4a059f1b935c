import type { ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { balanceRow } from '../../../../shared/specs/matchit';
import { StatNum } from '../didkit/StatTable';

type Row = z.infer<typeof balanceRow>;

export interface BalanceTableProps {
  before: Record<string, Row>;
  after: Record<string, Row>;
  testId?: string;
}

/** |SMD| above this is the usual sign of imbalance (Austin 2009; MatchIt's threshold). */
const SMD_FLAG = 0.1;

/**
 * Covariate balance before and after matching, as MatchIt's summary() and Stata's pstest report
 * it: weighted means, standardized mean differences, variance ratios and t-test p-values.
 */
export function BalanceTable({ before, after, testId }: BalanceTableProps): ReactElement {
  const { t } = useTranslation();
  const names = Object.keys(before);
  const side = (r: Row | undefined, key: string): ReactElement => (
    <>
      <td className="num-col" data-field={`${key}-treated`}>
        <StatNum value={r?.['Means Treated'] ?? null} />
      </td>
      <td className="num-col" data-field={`${key}-control`}>
        <StatNum value={r?.['Means Control'] ?? null} />
      </td>
      <td className={r && Math.abs(r['Std. Mean Diff.']) > SMD_FLAG ? 'num-col smd-flag' : 'num-col'} data-field={`${key}-smd`}>
        <StatNum value={r?.['Std. Mean Diff.'] ?? null} />
      </td>
      <td className="num-col" data-field={`${key}-vr`}>
        <StatNum value={r?.['Var. Ratio'] ?? null} />
      </td>
      <td className="num-col" data-field={`${key}-p`}>
        <StatNum value={r?.p ?? null} kind="p" />
      </td>
    </>
  );
  const heads = (
    <>
      <th scope="col" className="num-col">{t('policy.psm.meanTreated')}</th>
      <th scope="col" className="num-col">{t('policy.psm.meanControl')}</th>
      <th scope="col" className="num-col">{t('policy.psm.smd')}</th>
      <th scope="col" className="num-col">{t('policy.psm.varRatio')}</th>
      <th scope="col" className="num-col">{t('policy.psm.tTestP')}</th>
    </>
  );
  return (
    <div className="table-wrap">
      <table className="coef-table balance-table" data-testid={testId}>
        <caption>
          <span className="caption-title">{t('policy.psm.balanceTitle')}</span>
        </caption>
        <thead>
          <tr>
            <th scope="col" rowSpan={2}>
              {t('results.term')}
            </th>
            <th scope="colgroup" colSpan={5} className="group-head">
              {t('policy.psm.before')}
            </th>
            <th scope="colgroup" colSpan={5} className="group-head">
              {t('policy.psm.after')}
            </th>
          </tr>
          <tr>
            {heads}
            {heads}
          </tr>
        </thead>
        <tbody>
          {names.map((name) => (
            <tr key={name} data-term={name}>
              <th scope="row">{name === 'distance' ? t('policy.psm.distanceRow') : name}</th>
              {side(before[name], 'before')}
              {side(after[name], 'after')}
            </tr>
          ))}
        </tbody>
      </table>
      <p className="table-note">{t('policy.psm.balanceNote')}</p>
    </div>
  );
}
