import type { ReactElement } from 'react';
import type { TableModelView } from '../../../../shared/contract-publish';

export interface TablePreviewProps {
  table: TableModelView;
}

/**
 * The table model drawn as the exports draw it: a three-line (booktabs) table, a thin rule
 * under spanning header cells, numbers right-aligned with their stars as superscripts, notes
 * under the bottom rule. Every label is a text node.
 */
export function TablePreview({ table }: TablePreviewProps): ReactElement {
  return (
    <figure className="pub-figure" lang={table.language === 'zh' ? 'zh-CN' : 'en'}>
      <table className={`pub-table pub-${table.style}`} data-testid="table-preview">
        {table.title ? <caption>{table.title}</caption> : null}
        <thead>
          {table.header.map((row, r) => (
            <tr key={`h${r}`}>
              <th scope="col" className="pub-stub">
                {row.stub}
              </th>
              {row.cells.map((cell, c) => (
                <th key={`h${r}-${c}`} scope="colgroup" colSpan={cell.span} className={cell.span > 1 && cell.text !== '' ? 'pub-span' : undefined}>
                  {cell.text}
                </th>
              ))}
            </tr>
          ))}
        </thead>
        {table.sections.map((rows, s) => (
          <tbody key={`s${s}`}>
            {rows.map((row, r) => (
              <tr key={`s${s}-${r}`} className={`pub-row-${row.kind}`} data-row={row.kind} data-label={row.label}>
                <th scope="row" className="pub-stub">
                  {row.label}
                </th>
                {row.cells.map((cell, j) => {
                  const mark = row.marks?.[j] ?? '';
                  return (
                    <td key={j} className="pub-num" title={cell + mark}>
                      {cell}
                      {mark ? <sup>{mark}</sup> : null}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        ))}
      </table>
      {table.notes.length > 0 ? (
        <figcaption className="pub-notes">
          {table.notes.map((n, i) => (
            <p key={i}>{n}</p>
          ))}
        </figcaption>
      ) : null}
    </figure>
  );
}
