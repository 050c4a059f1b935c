import type { ReactElement, ReactNode } from 'react';

export interface TableColumn {
  /** Header text; empty for a row-label column without a heading. */
  label: ReactNode;
  /** Numbers: right-aligned header (num-col). */
  numeric?: boolean;
}

export interface CaptionedTableProps {
  testId: string;
  caption: ReactNode;
  columns: TableColumn[];
  /** Table classes: coef-table with estimate-table (estimates) or stat-table (counts). */
  className: string;
  /** The body rows (tr elements). */
  children: ReactNode;
}

/**
 * The frame the result views' small tables share: a scrolling wrapper, the caption title and
 * one header row; each view renders its own body rows.
 */
export function CaptionedTable({ testId, caption, columns, className, children }: CaptionedTableProps): ReactElement {
  return (
    <div className="table-wrap">
      <table className={className} data-testid={testId}>
        <caption>
          <span className="caption-title">{caption}</span>
        </caption>
        <thead>
          <tr>
            {columns.map((c, i) => (
              <th key={i} scope="col" className={c.numeric ? 'num-col' : undefined}>
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
