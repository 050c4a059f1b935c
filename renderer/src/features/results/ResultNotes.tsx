import type { ReactElement } from 'react';
import { useTranslation } from 'react-i18next';

/** The engine's notes on a result (dropped rows, cells not estimable, what a default meant). */
export function ResultNotes({ notes }: { notes: readonly string[] }): ReactElement | null {
  const { t } = useTranslation();
  if (notes.length === 0) return null;
  return (
    <section className="result-notes" aria-label={t('builders.notes')}>
      <h3>{t('builders.notes')}</h3>
      <ul>
        {notes.map((note, i) => (
          <li key={i}>{note}</li>
        ))}
      </ul>
    </section>
  );
}
