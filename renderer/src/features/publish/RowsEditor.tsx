import type { ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { move, type RowChoice } from './tableForm';
import { FieldErrorText } from './FieldErrorText';

export interface RowsEditorProps {
  rows: RowChoice[];
  /** Default labels (the data's variable labels) shown as placeholders. */
  labels: Record<string, string>;
  /** Offer the "Control" column (regression tables). */
  controls: boolean;
  onChange: (rows: RowChoice[]) => void;
  error?: string;
}

/** The table's rows: show or hide, relabel, reorder, or fold into the controls row. */
export function RowsEditor({ rows, labels, controls, onChange, error }: RowsEditorProps): ReactElement {
  const { t } = useTranslation();
  const set = (i: number, patch: Partial<RowChoice>): void => onChange(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <div className={error ? 'field field-invalid' : 'field'}>
      <span className="field-label">{t('publish.rows')}</span>
      <p className="field-hint">{t('publish.rowsHint')}</p>
      <table className="pub-rows" data-testid="table-rows">
        <tbody>
          {rows.map((r, i) => (
            <tr key={r.term} data-term={r.term}>
              <td>
                <input
                  type="checkbox"
                  aria-label={t('publish.rowShow', { term: r.term })}
                  checked={r.show && !r.control}
                  disabled={r.control}
                  onChange={(e) => set(i, { show: e.target.checked })}
                />
              </td>
              <td className="pub-term">
                <code>{r.term}</code>
              </td>
              <td>
                <input
                  aria-label={t('publish.rowLabel', { term: r.term })}
                  value={r.label}
                  placeholder={labels[r.term] ?? r.term}
                  onChange={(e) => set(i, { label: e.target.value })}
                  autoComplete="off"
                />
              </td>
              {controls ? (
                <td>
                  <label className="check">
                    <input type="checkbox" checked={r.control} onChange={(e) => set(i, { control: e.target.checked })} />
                    <span>{t('publish.rowControl')}</span>
                  </label>
                </td>
              ) : null}
              <td className="pub-move">
                <button type="button" className="btn btn-small btn-ghost" aria-label={`${t('publish.moveUp')}: ${r.term}`} disabled={i === 0} onClick={() => onChange(move(rows, i, -1))}>
                  ↑
                </button>
                <button type="button" className="btn btn-small btn-ghost" aria-label={`${t('publish.moveDown')}: ${r.term}`} disabled={i === rows.length - 1} onClick={() => onChange(move(rows, i, 1))}>
                  ↓
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <FieldErrorText error={error} />
    </div>
  );
}
