import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useReducer, useRef, useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { Cell, ColumnInfo, DatasetInfo } from '../../../../shared/contract';
import { useApi } from '../../app/ApiContext';
import { ErrorMessage } from '../../components/ErrorMessage';
import { formatCount } from '../../components/format';
import { codeWithLabel } from './columnText';
import { gridSegments } from './gridSegments';
import { RowPageCache, pageSizeFor } from './rowPages';

export interface DataGridProps {
  dataset: DatasetInfo;
  selectedColumn: string | null;
  onSelectColumn: (name: string) => void;
}

const ROW_HEIGHT = 26;
const COLUMN_WIDTH = 132;
const ROW_HEADER_WIDTH = 84;
/** Pages kept in memory: a few screens either way of the view. */
const MAX_PAGES = 24;
const DAY_MS = 86_400_000;

/** A cell as text: dates from day numbers, labelled codes with their label ("1 = 城镇"); never HTML. */
export function cellText(value: Cell, column: ColumnInfo, missing: string): string {
  if (value === null) return missing;
  if (typeof value === 'number') {
    if (column.format === 'date') return new Date(value * DAY_MS).toISOString().slice(0, 10);
    return codeWithLabel(value, column.valueLabels?.[String(value)]);
  }
  return value;
}

/**
 * The rows of a dataset in a virtualized grid: only the visible rows and columns exist in the
 * DOM, and their values are fetched page by page (rowPages.ts), so a million rows scroll as
 * smoothly as a hundred. Column headers select the column whose summary is shown.
 */
export function DataGrid({ dataset, selectedColumn, onSelectColumn }: DataGridProps): ReactElement {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const scroller = useRef<HTMLDivElement>(null);
  const [, redraw] = useReducer((n: number) => n + 1, 0);
  const segments = useMemo(() => gridSegments(dataset.nrow), [dataset.nrow]);
  const [segmentIndex, setSegmentIndex] = useState(0);
  const segment = segments[Math.min(segmentIndex, segments.length - 1)];
  const base = segment.from;
  const showSegment = (k: number): void => {
    setSegmentIndex(k);
    if (scroller.current) scroller.current.scrollTop = 0;
  };

  const cache = useMemo(
    () =>
      new RowPageCache(
        async (offset, limit) => {
          const page = await api.call('dataset.rows', { datasetId: dataset.id, offset, limit });
          return { columns: page.columns, values: page.values };
        },
        dataset.nrow,
        pageSizeFor(dataset.ncol),
        MAX_PAGES,
        redraw,
      ),
    // A changed fingerprint means new contents under the same id.
    [api, dataset.id, dataset.nrow, dataset.ncol, dataset.fingerprint],
  );
  useEffect(() => () => cache.dispose(), [cache]);

  const rows = useVirtualizer({
    count: segment.to - segment.from,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const columns = useVirtualizer({
    horizontal: true,
    count: dataset.columns.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => COLUMN_WIDTH,
    overscan: 3,
  });

  const visibleRows = rows.getVirtualItems();
  const visibleColumns = columns.getVirtualItems();
  const firstRow = visibleRows[0]?.index ?? 0;
  const lastRow = visibleRows[visibleRows.length - 1]?.index ?? 0;
  useEffect(() => {
    cache.ensure(base + firstRow, base + lastRow);
  }, [cache, base, firstRow, lastRow]);
  const count = (n: number): string => formatCount(n, i18n.language);

  const width = ROW_HEADER_WIDTH + columns.getTotalSize();
  const missing = t('grid.missingCell');

  return (
    <div className="grid-wrap">
      {cache.error ? (
        <div className="grid-error">
          <ErrorMessage error={cache.error} onDismiss={() => cache.retry()} />
        </div>
      ) : null}
      {segments.length > 1 ? (
        <div className="grid-segments" data-testid="grid-segments">
          <button type="button" className="btn btn-small" disabled={segment === segments[0]} onClick={() => showSegment(segments.indexOf(segment) - 1)}>
            {t('grid.previousRows')}
          </button>
          <label>
            {t('grid.showRows')}{' '}
            <select value={segments.indexOf(segment)} onChange={(e) => showSegment(Number(e.target.value))}>
              {segments.map((g, k) => (
                <option key={g.from} value={k}>
                  {t('grid.rowRange', { from: count(g.from + 1), to: count(g.to) })}
                </option>
              ))}
            </select>
          </label>
          <span className="muted">{t('grid.ofRows', { total: count(dataset.nrow) })}</span>
          <button type="button" className="btn btn-small" disabled={segment === segments[segments.length - 1]} onClick={() => showSegment(segments.indexOf(segment) + 1)}>
            {t('grid.nextRows')}
          </button>
        </div>
      ) : null}
      <div
        ref={scroller}
        className="grid-scroller"
        role="grid"
        aria-label={t('grid.label', { name: dataset.name })}
        aria-rowcount={dataset.nrow + 1}
        aria-colcount={dataset.columns.length + 1}
        data-testid="data-grid"
        tabIndex={0}
      >
        <div className="grid-canvas" style={{ width, height: rows.getTotalSize() + ROW_HEIGHT }}>
          <div className="grid-header" role="row" aria-rowindex={1} style={{ width, height: ROW_HEIGHT }}>
            <div className="grid-corner" role="columnheader" style={{ width: ROW_HEADER_WIDTH }}>
              {t('grid.row')}
            </div>
            {visibleColumns.map((vc) => {
              const column = dataset.columns[vc.index];
              const selected = column.name === selectedColumn;
              return (
                <div
                  key={vc.key}
                  role="columnheader"
                  aria-colindex={vc.index + 2}
                  aria-selected={selected}
                  className={selected ? 'grid-colhead grid-colhead-selected' : 'grid-colhead'}
                  style={{ width: vc.size, transform: `translateX(${ROW_HEADER_WIDTH + vc.start}px)` }}
                >
                  <button
                    type="button"
                    title={
                      column.label
                        ? `${column.name}: ${column.label}\n${t('grid.columnMenu', { name: column.name })}`
                        : t('grid.columnMenu', { name: column.name })
                    }
                    onClick={() => onSelectColumn(column.name)}
                  >
                    {column.name}
                  </button>
                </div>
              );
            })}
          </div>
          {visibleRows.map((vr) => (
            <div
              key={vr.key}
              role="row"
              aria-rowindex={base + vr.index + 2}
              className={vr.index % 2 === 0 ? 'grid-row' : 'grid-row grid-row-alt'}
              style={{ width, height: vr.size, transform: `translateY(${vr.start + ROW_HEIGHT}px)` }}
            >
              <div className="grid-rowhead" role="rowheader" style={{ width: ROW_HEADER_WIDTH }}>
                {base + vr.index + 1}
              </div>
              {visibleColumns.map((vc) => {
                const column = dataset.columns[vc.index];
                const value = cache.cell(base + vr.index, vc.index);
                const loading = value === undefined;
                const text = loading ? '' : cellText(value, column, missing);
                const classes = ['grid-cell'];
                if (column.type === 'number' && column.format !== 'date') classes.push('grid-cell-num');
                if (value === null) classes.push('grid-cell-missing');
                if (loading) classes.push('grid-cell-loading');
                return (
                  <div
                    key={vc.key}
                    role="gridcell"
                    aria-colindex={vc.index + 2}
                    className={classes.join(' ')}
                    style={{ width: vc.size, transform: `translateX(${ROW_HEADER_WIDTH + vc.start}px)` }}
                    title={text}
                  >
                    {text}
                  </div>
                );
              })}
            </div>
          ))}
        </div>
      </div>
    </div>
  );
}
