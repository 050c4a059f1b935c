import { useEffect, useState, type ReactElement } from 'react';
import { I18nextProvider } from 'react-i18next';
import type { i18n as I18n } from 'i18next';
import type { ProjectInfo } from '../../../shared/contract';
import type { Api } from '../api';
import { ErrorMessage } from '../components/ErrorMessage';
import { SaveAsDialog } from '../features/project/SaveAsDialog';
import { ReportDialog } from '../features/publish/ReportDialog';
import { StartScreen } from '../features/project/StartScreen';
import { ApiContext, useApi } from './ApiContext';
import { Header } from './Header';
import { Workspace } from './Workspace';
import { useLanguage } from './useLanguage';

export interface AppProps {
  api: Api;
  i18n: I18n;
}

function Shell(): ReactElement {
  const api = useApi();
  const { language, setLanguage } = useLanguage();
  /** undefined while asking the Node side whether a project is already open. */
  const [project, setProject] = useState<ProjectInfo | null | undefined>(undefined);
  const [error, setError] = useState<unknown>(null);
  const [savingAs, setSavingAs] = useState(false);
  const [reporting, setReporting] = useState(false);

  useEffect(() => {
    api.call('project.info', {}).then(
      (r) => setProject(r.project),
      (e: unknown) => {
        setError(e);
        setProject(null);
      },
    );
  }, [api]);

  const closeProject = (): void => {
    api.call('project.close', {}).then(
      () => setProject(null),
      (e: unknown) => setError(e),
    );
  };

  return (
    <div className="app">
      <Header
        projectName={project?.name ?? null}
        language={language}
        onLanguageChange={(l) => void setLanguage(l).catch((e: unknown) => setError(e))}
        onCloseProject={closeProject}
        onSaveAs={() => setSavingAs(true)}
        onExportReport={() => setReporting(true)}
      />
      {error !== null ? (
        <div className="app-error">
          <ErrorMessage error={error} onDismiss={() => setError(null)} />
        </div>
      ) : null}
      <main className="app-main">
        {project === undefined ? null : project === null ? (
          <StartScreen onOpened={setProject} />
        ) : (
          <Workspace key={project.path} project={project} />
        )}
      </main>
      {savingAs && project ? (
        <SaveAsDialog
          project={project}
          onClose={() => setSavingAs(false)}
          onSaved={(copy) => {
            setSavingAs(false);
            setProject(copy);
          }}
        />
      ) : null}
      {reporting && project ? <ReportDialog project={project} onClose={() => setReporting(false)} /> : null}
    </div>
  );
}

/** The whole UI over a given API and i18n instance (main.tsx passes the live ones). */
export function App({ api, i18n }: AppProps): ReactElement {
  return (
    <ApiContext.Provider value={api}>
      <I18nextProvider i18n={i18n}>
        <Shell />
      </I18nextProvider>
    </ApiContext.Provider>
  );
}
