import type { ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { StarChoice } from './tableForm';
import { FieldErrorText } from './FieldErrorText';

export interface StarsEditorProps {
  stars: StarChoice[];
  onChange: (stars: StarChoice[]) => void;
  error?: string;
}

/** Significance levels: a symbol and the p below which it is shown (at most five). */
export function StarsEditor({ stars, onChange, error }: StarsEditorProps): ReactElement {
  const { t } = useTranslation();
  const set = (i: number, patch: Partial<StarChoice>): void => onChange(stars.map((s, j) => (j === i ? { ...s, ...patch } : s)));
  return (
    <fieldset className={error ? 'field field-invalid pub-stars' : 'field pub-stars'}>
      <legend>{t('publish.stars')}</legend>
      <p className="field-hint">{t('publish.starsHint')}</p>
      {stars.map((s, i) => (
        <div className="pub-star" key={i}>
          <input aria-label={t('publish.starSymbol', { n: i + 1 })} value={s.symbol} onChange={(e) => set(i, { symbol: e.target.value })} size={4} autoComplete="off" />
          <input aria-label={t('publish.starLevel', { n: i + 1 })} value={s.p} onChange={(e) => set(i, { p: e.target.value })} size={6} inputMode="decimal" autoComplete="off" />
          <button type="button" className="btn btn-small btn-ghost" onClick={() => onChange(stars.filter((_, j) => j !== i))}>
            {t('publish.remove')}
          </button>
        </div>
      ))}
      <div className="pub-star">
        <button type="button" className="btn btn-small" disabled={stars.length >= 5} onClick={() => onChange([...stars, { symbol: '*'.repeat(stars.length + 1), p: '' }])}>
          {t('publish.addStar')}
        </button>
        {stars.length > 0 ? (
          <button type="button" className="btn btn-small btn-ghost" onClick={() => onChange([])}>
            {t('publish.noStars')}
          </button>
        ) : null}
      </div>
      <FieldErrorText error={error} />
    </fieldset>
  );
}
