import { render, type RenderResult } from '@testing-library/react';
import type { ReactElement } from 'react';
import { I18nextProvider } from 'react-i18next';
import type { Api } from '../api';
import { ApiContext } from '../app/ApiContext';
import { createI18n, type Language } from '../i18n';

/** Renders a component as the app does: under the API and i18n providers. */
export function renderWithApi(ui: ReactElement, api: Api, language: Language = 'en'): RenderResult {
  const i18n = createI18n(language);
  return render(
    <ApiContext.Provider value={api}>
      <I18nextProvider i18n={i18n}>{ui}</I18nextProvider>
    </ApiContext.Provider>,
  );
}
