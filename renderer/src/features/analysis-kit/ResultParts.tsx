/** Tables and lists the RD, mechanism and discrete-outcome result views share. */
import type { ReactElement, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Num } from '../../components/Num';
import { formatCount, formatEstimate, formatP, formatStat } from '../../components/format';
import { stars } from '../results/resultView';

export type NumKind = 'estimate' | 'stat' | 'p' | 'count' | 'plain';

/** A number as the tables show it, with the full double in title / data-value; n/a when null. */
export function N({ value, kind = 'estimate' }: { value: number | null | undefined; kind?: NumKind }): ReactElement {
  const { t, i18n } = useTranslation();
  const v = value === undefined || value === null || Number.isNaN(value) ? null : value;
  const display =
    kind === 'p' ? formatP(v) : kind === 'count' ? formatCount(v, i18n.language) : kind === 'stat' ? formatEstimate(v, 3) : kind === 'plain' ? formatStat(v) : formatEstimate(v);
  return <Num value={v} display={display} missing={t('rdmech.common.notApplicable')} />;
}

/** One row of an estimates table; `key` goes to data-term for tests and copy tools. */
export interface EstimateRow {
  key: string;
  label: ReactNode;
  estimate: number | null;
  se: number | null;
  stat: number | null;
  p: number | null;
  low: number | null;
  high: number | null;
  emphasis?: boolean;
  /** Extra cells after the label, in the order of `extraColumns`. */
  extra?: ReactNode[];
}

export interface EstimatesTableProps {
  caption?: ReactNode;
  rows: EstimateRow[];
  /** Header of the label column. */
  labelHeader: string;
  statName?: 't' | 'z';
  /** Confidence level in percent, for the interval's header. */
  level: number;
  extraColumns?: string[];
  /** False: no t/z column (a row set whose statistic the engine does not report). */
  showStat?: boolean;
  testId?: string;
}

/** Estimate, stars, SE, t or z, p and the interval per row; numbers aligned right. */
export function EstimatesTable({ caption, rows, labelHeader, statName = 'z', level, extraColumns = [], showStat = true, testId }: EstimatesTableProps): ReactElement {
  const { t } = useTranslation();
  const na = t('rdmech.common.notApplicable');
  return (
    <div className="table-wrap">
      <table className="rm-table" data-testid={testId}>
        {caption ? <caption>{caption}</caption> : null}
        <thead>
          <tr>
            <th scope="col">{labelHeader}</th>
            {extraColumns.map((c) => (
              <th key={c} scope="col" className="num-col">
                {c}
              </th>
            ))}
            <th scope="col" className="num-col">{t('rdmech.common.estimate')}</th>
            <th scope="col" aria-label={t('results.starsLabel')} />
            <th scope="col" className="num-col">{t('rdmech.common.se')}</th>
            {showStat ? <th scope="col" className="num-col">{statName === 'z' ? t('rdmech.common.z') : t('rdmech.common.t')}</th> : null}
            <th scope="col" className="num-col">{t('rdmech.common.p')}</th>
            <th scope="col" className="num-col">{t('rdmech.common.ci', { level: formatStat(level) })}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.key} data-term={r.key} className={r.emphasis ? 'row-emphasis' : undefined}>
              <th scope="row">{r.label}</th>
              {(r.extra ?? []).map((cell, i) => (
                <td key={i} className="num-col">
                  {cell}
                </td>
              ))}
              <td className="num-col" data-field="estimate">
                <N value={r.estimate} />
              </td>
              <td data-field="stars">{stars(r.p)}</td>
              <td className="num-col" data-field="se">
                <N value={r.se} />
              </td>
              {showStat ? (
                <td className="num-col" data-field="stat">
                  <N value={r.stat} kind="stat" />
                </td>
              ) : null}
              <td className="num-col" data-field="p">
                <N value={r.p} kind="p" />
              </td>
              <td className="num-col" data-field="ci">
                {r.low === null || r.high === null ? (
                  <span className="num-missing">{na}</span>
                ) : (
                  <>
                    [<N value={r.low} />, <N value={r.high} />]
                  </>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export interface SidesRow {
  key: string;
  label: string;
  left: number | null;
  right: number | null;
  kind?: NumKind;
  /** Also show left + right (counts). */
  total?: boolean;
}

/** Left and right of a cutoff side by side (bandwidths, observations). */
export function SidesTable({ caption, rows, testId }: { caption?: string; rows: SidesRow[]; testId?: string }): ReactElement {
  const { t } = useTranslation();
  const anyTotal = rows.some((r) => r.total);
  return (
    <div className="table-wrap">
      <table className="rm-table" data-testid={testId}>
        {caption ? <caption>{caption}</caption> : null}
        <thead>
          <tr>
            <th scope="col" />
            <th scope="col" className="num-col">{t('rdmech.common.left')}</th>
            <th scope="col" className="num-col">{t('rdmech.common.right')}</th>
            {anyTotal ? <th scope="col" className="num-col">{t('rdmech.common.total')}</th> : null}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.key} data-stat={r.key}>
              <th scope="row">{r.label}</th>
              <td className="num-col" data-field="left">
                <N value={r.left} kind={r.kind ?? 'estimate'} />
              </td>
              <td className="num-col" data-field="right">
                <N value={r.right} kind={r.kind ?? 'estimate'} />
              </td>
              {anyTotal ? (
                <td className="num-col" data-field="total">
                  {r.total && r.left !== null && r.right !== null ? <N value={r.left + r.right} kind={r.kind ?? 'estimate'} /> : null}
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Label–value pairs (design settings, test statistics). */
export function StatList({ items, testId }: { items: { key: string; label: string; value: ReactNode }[]; testId?: string }): ReactElement {
  return (
    <dl className="rm-stats" data-testid={testId}>
      {items.map((item) => (
        <div key={item.key} data-stat={item.key}>
          <dt>{item.label}</dt>
          <dd>{item.value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** The engine's notes under a result. */
export function Notes({ notes }: { notes: readonly string[] }): ReactElement | null {
  const { t } = useTranslation();
  if (notes.length === 0) return null;
  return (
    <section className="rm-block" aria-label={t('rdmech.common.notes')}>
      <h3>{t('rdmech.common.notes')}</h3>
      <ul className="run-notes">
        {notes.map((note, i) => (
          <li key={i}>{note}</li>
        ))}
      </ul>
    </section>
  );
}
