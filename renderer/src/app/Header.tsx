import type { ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { LANGUAGES, isLanguage, type Language } from '../i18n';

export interface HeaderProps {
  projectName: string | null;
  language: Language;
  onLanguageChange: (language: Language) => void;
  onCloseProject: () => void;
  onSaveAs: () => void;
  /** Opens the project report export (publish.report). */
  onExportReport: () => void;
}

export function Header({ projectName, language, onLanguageChange, onCloseProject, onSaveAs, onExportReport }: HeaderProps): ReactElement {
  const { t } = useTranslation();
  return (
    <header className="app-header">
      <div className="brand">
        <span className="brand-name">{t('app.name')}</span>
        <span className="brand-tagline">{t('app.tagline')}</span>
      </div>
      {projectName !== null ? (
        <div className="header-project">
          <span className="header-project-name" data-testid="project-name">
            {projectName}
          </span>
          <button type="button" className="btn btn-ghost" onClick={onSaveAs}>
            {t('header.saveAs')}
          </button>
          <button type="button" className="btn btn-ghost" onClick={onExportReport}>
            {t('publish.report')}
          </button>
          <button type="button" className="btn btn-ghost" onClick={onCloseProject}>
            {t('header.closeProject')}
          </button>
        </div>
      ) : (
        <div className="header-project" />
      )}
      <label className="language-switch">
        <span>{t('header.language')}</span>
        <select
          value={language}
          onChange={(e) => {
            if (isLanguage(e.target.value)) onLanguageChange(e.target.value);
          }}
          data-testid="language-select"
        >
          {LANGUAGES.map((l) => (
            <option key={l} value={l}>
              {t(`language.${l}`)}
            </option>
          ))}
        </select>
      </label>
    </header>
  );
}
