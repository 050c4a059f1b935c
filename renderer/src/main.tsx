import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { api } from './api';
import { App } from './app/App';
import { createI18n, systemLanguage } from './i18n';
import './styles/app.css';

/** Starts in the saved language (settings), else the system's, so the first screen never flips. */
async function start(): Promise<void> {
  const root = document.getElementById('root');
  if (!root) throw new Error('index.html has no #root element.');
  const saved = await api.call('settings.get', {}).catch(() => null);
  const i18n = createI18n(saved?.language ?? systemLanguage(navigator.languages));
  document.documentElement.lang = i18n.language;
  createRoot(root).render(
    <StrictMode>
      <App api={api} i18n={i18n} />
    </StrictMode>,
  );
}

void start();
