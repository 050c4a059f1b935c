import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Language } from '../i18n';
import { isLanguage } from '../i18n';
import { useApi } from './ApiContext';

export interface LanguageControl {
  language: Language;
  setLanguage: (language: Language) => Promise<void>;
}

/**
 * The UI language: switched in i18next at once (every string re-renders), mirrored on <html
 * lang> so the browser picks CJK fonts and line breaking, and persisted through settings.set.
 */
export function useLanguage(): LanguageControl {
  const api = useApi();
  const { i18n } = useTranslation();
  const current = isLanguage(i18n.language) ? i18n.language : 'en';
  const [language, setState] = useState<Language>(current);

  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);

  const setLanguage = useCallback(
    async (next: Language) => {
      await i18n.changeLanguage(next);
      setState(next);
      await api.call('settings.set', { language: next });
    },
    [api, i18n],
  );

  return { language, setLanguage };
}
