import { useEffect, useState, type FormEvent, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { ProjectInfo, RecentProject } from '../../../../shared/contract';
import { useApi } from '../../app/ApiContext';
import { ErrorMessage } from '../../components/ErrorMessage';
import { TextField } from '../../components/Field';

export interface StartScreenProps {
  onOpened: (project: ProjectInfo) => void;
}

/**
 * No project is open: create one (the primary action), open one by path or from the recent
 * list, or start from the demo project — offered prominently until the user has seen it once.
 */
export function StartScreen({ onOpened }: StartScreenProps): ReactElement {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const [recent, setRecent] = useState<RecentProject[] | null>(null);
  const [firstStart, setFirstStart] = useState(false);
  const [name, setName] = useState('');
  const [path, setPath] = useState('');
  const [nameError, setNameError] = useState<string | undefined>();
  const [pathError, setPathError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    let live = true;
    api.call('project.recent', {}).then(
      (r) => live && setRecent(r.projects),
      (e: unknown) => live && setError(e),
    );
    api.call('settings.get', {}).then(
      (s) => {
        if (!live || s.demoOffered) return;
        setFirstStart(true);
        // Offered once: later starts show the demo as a quieter option.
        void api.call('settings.set', { demoOffered: true }).catch(() => undefined);
      },
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [api]);

  const run = async (action: () => Promise<ProjectInfo>): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      onOpened(await action());
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };

  const onCreate = (e: FormEvent): void => {
    e.preventDefault();
    const trimmed = name.trim();
    setNameError(trimmed ? undefined : t('start.nameRequired'));
    if (trimmed) void run(() => api.call('project.new', { name: trimmed }));
  };

  const onOpen = (e: FormEvent): void => {
    e.preventDefault();
    const trimmed = path.trim();
    setPathError(trimmed ? undefined : t('start.pathRequired'));
    if (trimmed) void run(() => api.call('project.open', { path: trimmed }));
  };

  const openDemo = (): void => void run(() => api.call('project.createDemo', {}));

  const demo = (
    <section className={firstStart ? 'card demo-card demo-card-first' : 'card demo-card'} aria-labelledby="demo-title">
      <h2 id="demo-title">{t('start.demoTitle')}</h2>
      <p>{t('start.demoBody')}</p>
      <button type="button" className={firstStart ? 'btn btn-primary' : 'btn'} onClick={openDemo} disabled={busy}>
        {t('start.demoButton')}
      </button>
    </section>
  );

  return (
    <div className="start-screen">
      <div className="start-intro">
        <h1>{t('start.title')}</h1>
        <p>{t('start.subtitle')}</p>
      </div>
      {error !== null ? <ErrorMessage error={error} onDismiss={() => setError(null)} /> : null}
      {firstStart ? demo : null}
      <div className="start-grid">
        <form className="card" onSubmit={onCreate} aria-labelledby="new-title" noValidate>
          <h2 id="new-title">{t('start.newProject')}</h2>
          <TextField
            id="project-name"
            label={t('start.projectName')}
            value={name}
            onChange={setName}
            placeholder={t('start.projectNamePlaceholder')}
            error={nameError}
          />
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {t('start.create')}
          </button>
        </form>
        <section className="card" aria-labelledby="recent-title">
          <h2 id="recent-title">{t('start.recent')}</h2>
          {recent === null ? (
            <p className="muted">{t('common.loading')}</p>
          ) : recent.length === 0 ? (
            <p className="muted">{t('start.noRecent')}</p>
          ) : (
            <ul className="recent-list">
              {recent.map((p) => (
                <li key={p.path}>
                  <button
                    type="button"
                    className="recent-item"
                    onClick={() => void run(() => api.call('project.open', { path: p.path }))}
                    disabled={busy || !p.exists}
                    title={p.path}
                  >
                    <span className="recent-name">{p.name}</span>
                    <span className="recent-meta">
                      {new Date(p.openedAt).toLocaleString(i18n.language)}
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          )}
          <form className="open-form" onSubmit={onOpen} aria-label={t('start.openProject')} noValidate>
            <TextField
              id="project-path"
              label={t('start.openPath')}
              value={path}
              onChange={setPath}
              placeholder={t('start.openPathPlaceholder')}
              error={pathError}
            />
            <button type="submit" className="btn" disabled={busy}>
              {t('start.open')}
            </button>
          </form>
        </section>
      </div>
      {firstStart ? null : demo}
    </div>
  );
}
