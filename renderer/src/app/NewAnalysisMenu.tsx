import { useEffect, useRef, useState, type KeyboardEvent, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { BUILDER_GROUPS, builders } from './builders';

export interface NewAnalysisMenuProps {
  onChoose: (builderId: string) => void;
}

/**
 * "New analysis": every builder of app/builders.tsx under its group heading. Arrow keys move
 * between items, Escape or a click elsewhere closes the menu.
 */
export function NewAnalysisMenu({ onChoose }: NewAnalysisMenuProps): ReactElement {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return undefined;
    box.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
    const outside = (e: MouseEvent): void => {
      if (box.current && !box.current.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', outside);
    return () => document.removeEventListener('mousedown', outside);
  }, [open]);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>): void => {
    if (e.key === 'Escape') {
      setOpen(false);
      button.current?.focus();
      return;
    }
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
    e.preventDefault();
    const items = [...(box.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];
    const at = items.indexOf(document.activeElement as HTMLElement);
    const next = e.key === 'ArrowDown' ? (at + 1) % items.length : (at - 1 + items.length) % items.length;
    items[next]?.focus();
  };

  const groups = BUILDER_GROUPS.map((group) => ({ group, entries: builders.filter((b) => b.group === group) })).filter(
    (g) => g.entries.length > 0,
  );

  return (
    <div className="new-analysis" ref={box} onKeyDown={onKeyDown}>
      <button
        ref={button}
        type="button"
        className="btn btn-primary new-analysis-button"
        aria-haspopup="menu"
        aria-expanded={open}
        onClick={() => setOpen((o) => !o)}
      >
        {t('builders.newAnalysis')}
      </button>
      {open ? (
        <div className="new-analysis-menu" role="menu" aria-label={t('builders.newAnalysis')}>
          {groups.map(({ group, entries }) => (
            <div key={group} role="group" aria-labelledby={`menu-group-${group}`} className="menu-group">
              <p className="menu-group-title" id={`menu-group-${group}`}>
                {t(`builders.groups.${group}`)}
              </p>
              {entries.map((b) => (
                <button
                  key={b.id}
                  type="button"
                  role="menuitem"
                  className="menu-item"
                  onClick={() => {
                    setOpen(false);
                    onChoose(b.id);
                  }}
                >
                  <span className="menu-item-name">{t(b.labelKey)}</span>
                  {b.descriptionKey ? <span className="menu-item-description">{t(b.descriptionKey)}</span> : null}
                </button>
              ))}
            </div>
          ))}
        </div>
      ) : null}
    </div>
  );
}
