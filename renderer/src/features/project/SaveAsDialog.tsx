import { useState, type FormEvent, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { ProjectInfo } from '../../../../shared/contract';
import { useApi } from '../../app/ApiContext';
import { Dialog, FormFooter } from '../../components/Dialog';
import { ErrorMessage } from '../../components/ErrorMessage';
import { TextField } from '../../components/Field';

export interface SaveAsDialogProps {
  project: ProjectInfo;
  onSaved: (project: ProjectInfo) => void;
  onClose: () => void;
}

/** The file name offered for a copy: beside the original, "<name> copy.causeway". */
export function copyPath(path: string, name: string): string {
  const cut = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return `${cut >= 0 ? path.slice(0, cut + 1) : ''}${name} copy.causeway`;
}

/** Copies the open project to a new file (atomically, on the Node side) and continues there. */
export function SaveAsDialog({ project, onSaved, onClose }: SaveAsDialogProps): ReactElement {
  const { t } = useTranslation();
  const api = useApi();
  const [path, setPath] = useState(() => copyPath(project.path, project.name));
  const [overwrite, setOverwrite] = useState(false);
  const [busy, setBusy] = useState(false);
  const [pathError, setPathError] = useState<string | undefined>();
  const [failure, setFailure] = useState<unknown>(null);

  const save = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    const trimmed = path.trim();
    setPathError(trimmed ? undefined : t('start.pathRequired'));
    if (!trimmed) return;
    setBusy(true);
    setFailure(null);
    try {
      onSaved(await api.call('project.saveAs', { path: trimmed, overwrite }));
    } catch (err) {
      setFailure(err);
      setBusy(false);
    }
  };

  return (
    <Dialog
      title={t('saveAs.title')}
      onClose={onClose}
      busy={busy}
      footer={
<FormFooter formId="save-as-form" submitLabel={t('saveAs.save')} onCancel={onClose} cancelLabel={t('common.cancel')} busy={busy} />
      }
    >
      <form id="save-as-form" onSubmit={(e) => void save(e)} noValidate>
        <TextField
          id="save-as-path"
          label={t('saveAs.path')}
          hint={t('saveAs.pathHint')}
          value={path}
          onChange={setPath}
          disabled={busy}
          error={pathError}
        />
        <label className="check">
          <input type="checkbox" checked={overwrite} onChange={(e) => setOverwrite(e.target.checked)} disabled={busy} />
          <span>{t('saveAs.overwrite')}</span>
        </label>
      </form>
      {failure !== null ? <ErrorMessage error={failure} /> : null}
    </Dialog>
  );
}
