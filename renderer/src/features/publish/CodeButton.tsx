import { useEffect, useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { ResponseOf } from '../../../../shared/contract';
import { useApi } from '../../app/ApiContext';
import { Dialog } from '../../components/Dialog';
import { ErrorMessage } from '../../components/ErrorMessage';

export interface CodeButtonProps {
  analysisId: string;
}

/** "R / Stata code": the script that reruns a saved analysis in R (fixest, did, rdrobust, MatchIt …) or Stata. */
export function CodeButton({ analysisId }: CodeButtonProps): ReactElement {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" className="btn" onClick={() => setOpen(true)}>
        {t('publish.showCode')}
      </button>
      {open ? <CodeDialog analysisId={analysisId} onClose={() => setOpen(false)} /> : null}
    </>
  );
}

type Language = 'r' | 'stata';
type Loaded = { kind: 'loading' } | { kind: 'ready'; code: ResponseOf<'analysis.code'> } | { kind: 'failed'; error: unknown };

function CodeDialog({ analysisId, onClose }: { analysisId: string; onClose: () => void }): ReactElement {
  const { t } = useTranslation();
  const api = useApi();
  const [state, setState] = useState<Loaded>({ kind: 'loading' });
  const [language, setLanguage] = useState<Language>('r');
  const [copied, setCopied] = useState<Language | null>(null);

  useEffect(() => {
    let live = true;
    api.call('analysis.code', { analysisId }).then(
      (code) => live && setState({ kind: 'ready', code }),
      (error: unknown) => live && setState({ kind: 'failed', error }),
    );
    return () => {
      live = false;
    };
  }, [api, analysisId]);

  const shown = state.kind === 'ready' ? state.code[language] : null;
  const copy = (script: string): void => {
    navigator.clipboard.writeText(script).then(
      () => setCopied(language),
      (error: unknown) => setState({ kind: 'failed', error }),
    );
  };

  return (
    <Dialog
      title={t('publish.codeTitle')}
      onClose={onClose}
      footer={
        <>
          {shown?.ok ? (
            <button type="button" className="btn" onClick={() => copy(shown.code.script)}>
              {copied === language ? t('publish.copied') : t('publish.copyCode')}
            </button>
          ) : null}
          <button type="button" className="btn btn-primary" onClick={onClose}>
            {t('publish.close')}
          </button>
        </>
      }
    >
      <div className="tabs" role="tablist" aria-label={t('publish.codeLanguage')}>
        {(['r', 'stata'] as const).map((l) => (
          <button key={l} type="button" role="tab" aria-selected={language === l} className={language === l ? 'tab tab-selected' : 'tab'} onClick={() => setLanguage(l)}>
            {t(`publish.code.${l}`)}
          </button>
        ))}
      </div>
      <div role="tabpanel">
        {state.kind === 'loading' ? <p className="muted">{t('common.loading')}</p> : null}
        {state.kind === 'failed' ? <ErrorMessage error={state.error} /> : null}
        {shown && !shown.ok ? <p className="notice">{shown.reason}</p> : null}
        {shown?.ok ? (
          <>
            <pre className="code-block" data-testid={`code-${language}`}>
              {shown.code.script}
            </pre>
            {shown.code.notes.length > 0 ? (
              <ul className="run-notes">
                {shown.code.notes.map((n) => (
                  <li key={n}>{n}</li>
                ))}
              </ul>
            ) : null}
            <p className="field-hint">{t('publish.codeHint')}</p>
          </>
        ) : null}
      </div>
    </Dialog>
  );
}
