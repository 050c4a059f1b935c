import { useEffect, useRef, useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { DatasetInfo } from '../../../../shared/contract';
import type { VariableSummary } from '../../../../shared/specs/describe';
import { useApi } from '../../app/ApiContext';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Num } from '../../components/Num';
import { formatCount, formatStat } from '../../components/format';

export interface ColumnSummaryProps {
  dataset: DatasetInfo;
  selectedColumn: string | null;
  onSelectColumn: (name: string) => void;
}

type State = { kind: 'loading' } | { kind: 'ready'; variables: VariableSummary[] } | { kind: 'failed'; error: unknown };

/**
 * N, missing, mean, SD, min, max and distinct values of every column, as the `describe` model
 * computed them on the Node side (dataset.summary); the renderer only displays them.
 */
export function ColumnSummary({ dataset, selectedColumn, onSelectColumn }: ColumnSummaryProps): ReactElement {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const [state, setState] = useState<State>({ kind: 'loading' });
  const selectedRow = useRef<HTMLTableRowElement>(null);

  useEffect(() => {
    let live = true;
    setState({ kind: 'loading' });
    api.call('dataset.summary', { datasetId: dataset.id }).then(
      (r) => live && setState({ kind: 'ready', variables: r.variables }),
      (error: unknown) => live && setState({ kind: 'failed', error }),
    );
    return () => {
      live = false;
    };
  }, [api, dataset.id, dataset.fingerprint]);

  useEffect(() => {
    selectedRow.current?.scrollIntoView?.({ block: 'nearest' });
  }, [selectedColumn]);

  const count = (n: number): ReactElement => <Num value={n} display={formatCount(n, i18n.language)} />;
  const stat = (x: number | null): ReactElement => (
    <Num value={x} display={formatStat(x)} missing={t('common.none')} />
  );

  return (
    <section className="summary-panel" aria-labelledby="summary-title">
      <div className="summary-head">
        <h3 id="summary-title">{t('summary.title')}</h3>
        <span className="muted small">{t('summary.pickColumn')}</span>
      </div>
      {state.kind === 'loading' ? <p className="muted">{t('common.loading')}</p> : null}
      {state.kind === 'failed' ? <ErrorMessage error={state.error} /> : null}
      {state.kind === 'ready' ? (
        <div className="summary-scroll">
          <table className="summary-table" data-testid="column-summary">
            <thead>
              <tr>
                <th scope="col">{t('summary.variable')}</th>
                <th scope="col">{t('summary.type')}</th>
                <th scope="col" className="num-col">{t('summary.n')}</th>
                <th scope="col" className="num-col">{t('summary.missing')}</th>
                <th scope="col" className="num-col">{t('summary.mean')}</th>
                <th scope="col" className="num-col">{t('summary.sd')}</th>
                <th scope="col" className="num-col">{t('summary.min')}</th>
                <th scope="col" className="num-col">{t('summary.max')}</th>
                <th scope="col" className="num-col">{t('summary.distinct')}</th>
              </tr>
            </thead>
            <tbody>
              {state.variables.map((v) => {
                const selected = v.name === selectedColumn;
                return (
                  <tr
                    key={v.name}
                    ref={selected ? selectedRow : undefined}
                    className={selected ? 'row-selected' : undefined}
                    aria-selected={selected}
                    onClick={() => onSelectColumn(v.name)}
                  >
                    <th scope="row" title={v.label ?? undefined}>
                      {v.name}
                    </th>
                    <td>{v.type === 'number' ? t('summary.typeNumber') : t('summary.typeString')}</td>
                    <td className="num-col">{count(v.n)}</td>
                    <td className="num-col">{count(v.missing)}</td>
                    <td className="num-col">{stat(v.mean)}</td>
                    <td className="num-col">{stat(v.sd)}</td>
                    <td className="num-col">{stat(v.min)}</td>
                    <td className="num-col">{stat(v.max)}</td>
                    <td className="num-col">{count(v.distinct)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
