import { useState, type FormEvent, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { ColumnInfo, DatasetInfo } from '../../../../shared/contract';
import type { StepReport } from '../../../../shared/contract-data';
import { Dialog, FormFooter } from '../../components/Dialog';
import { TextField } from '../../components/Field';
import { JobStatus } from './JobStatus';
import { Check, Choice, ColumnChecks, TextAreaField, useErrorText } from './formParts';
import {
  buildDropKeep,
  buildFilter,
  buildGenerate,
  buildLabel,
  buildRecode,
  buildRename,
  buildSetType,
  formatValueLabels,
  type Built,
  type RecodeRuleForm,
  type TypeTarget,
} from './stepForms';
import { useStepApply } from './useStepApply';

/** The variable steps a dialog can make; rename, label, type and recode act on one column. */
export type StepOp = 'rename' | 'label' | 'setType' | 'recode' | 'generate' | 'dropKeep' | 'filter';
export const COLUMN_OPS: readonly StepOp[] = ['rename', 'label', 'setType', 'recode'];

export interface StepDialogProps {
  dataset: DatasetInfo;
  op: StepOp;
  /** The column a column step acts on. */
  column?: ColumnInfo;
  onApplied: (dataset: DatasetInfo, report: StepReport) => void;
  onClose: () => void;
}

const EMPTY_RULE: RecodeRuleForm = { from: '', to: '', label: '' };

function typeOf(c: ColumnInfo | undefined): TypeTarget {
  if (!c || c.type === 'string') return 'string';
  return c.format === 'date' ? 'date' : 'number';
}

/**
 * One recipe step on a dataset: a small form, checked as it will be on the Node side, then
 * applied as a job (progress, cancel); the engine's error, with the position in an expression,
 * stays beside the form so the step can be corrected.
 */
export function StepDialog({ dataset, op, column, onApplied, onClose }: StepDialogProps): ReactElement {
  const { t } = useTranslation();
  const { job, errors, apply } = useStepApply(dataset.id, onApplied);
  const columns = dataset.columns;
  const errorText = useErrorText(errors);

  const [to, setTo] = useState(column?.name ?? '');
  const [label, setLabel] = useState(column?.label ?? '');
  const [valueLabels, setValueLabels] = useState(formatValueLabels(column?.valueLabels ?? null));
  const [target, setTarget] = useState<TypeTarget>(typeOf(column) === 'string' ? 'number' : 'string');
  const [force, setForce] = useState(false);
  const [useLabels, setUseLabels] = useState(true);
  const [rules, setRules] = useState<RecodeRuleForm[]>([EMPTY_RULE, EMPTY_RULE, EMPTY_RULE]);
  const [into, setInto] = useState('');
  const [otherwise, setOtherwise] = useState<'keep' | 'missing'>('keep');
  const [name, setName] = useState('');
  const [expr, setExpr] = useState('');
  const [cond, setCond] = useState('');
  const [newLabel, setNewLabel] = useState('');
  const [replace, setReplace] = useState(false);
  const [mode, setMode] = useState<'drop' | 'keep'>('drop');
  const [picked, setPicked] = useState<string[]>([]);

  const build = (): Built => {
    switch (op) {
      case 'rename':
        return buildRename(column?.name ?? '', to, columns);
      case 'label':
        return column ? buildLabel(column, label, valueLabels) : { step: null, errors: {} };
      case 'setType':
        return column ? buildSetType(column, target, force, useLabels) : { step: null, errors: {} };
      case 'recode':
        return column ? buildRecode(column, { rules, into, otherwise }, columns) : { step: null, errors: {} };
      case 'generate':
        return buildGenerate({ name, expr, cond, label: newLabel, replace }, columns);
      case 'dropKeep':
        return buildDropKeep(mode, picked, columns);
      case 'filter':
        return buildFilter(expr);
    }
  };

  const submit = (e: FormEvent): void => {
    e.preventDefault();
    void apply(build());
  };

  const setRule = (k: number, patch: Partial<RecodeRuleForm>): void => setRules((rs) => rs.map((r, i) => (i === k ? { ...r, ...patch } : r)));
  const title = t(`dataTools.steps.${op}`) + (column && COLUMN_OPS.includes(op) ? `: ${column.name}` : '');

  let body: ReactElement;
  switch (op) {
    case 'rename':
      body = <TextField id="step-to" label={t('dataTools.fields.newName')} value={to} onChange={setTo} error={errorText('to')} disabled={job.busy} />;
      break;
    case 'label':
      body = (
        <>
          <TextField id="step-label" label={t('dataTools.fields.variableLabel')} hint={t('dataTools.fields.variableLabelHint')} value={label} onChange={setLabel} disabled={job.busy} />
          {column?.type === 'number' ? (
            <TextAreaField
              id="step-value-labels"
              label={t('dataTools.fields.valueLabels')}
              hint={t('dataTools.fields.valueLabelsHint')}
              placeholder={'1 = 城镇\n2 = 农村'}
              value={valueLabels}
              onChange={setValueLabels}
              error={errorText('valueLabels')}
              rows={5}
              disabled={job.busy}
            />
          ) : null}
        </>
      );
      break;
    case 'setType':
      body = (
        <>
          <Choice
            name="step-type"
            label={t('dataTools.fields.newType')}
            value={target}
            options={(['number', 'string', 'date'] as const).map((v) => ({ value: v, label: t(`dataTools.types.${v}`) }))}
            onChange={setTarget}
            disabled={job.busy}
          />
          {errorText('to') ? (
            <p className="field-error" role="alert">
              {errorText('to')}
            </p>
          ) : null}
          {column?.type === 'string' && target !== 'string' ? <Check label={t('dataTools.fields.force')} checked={force} onChange={setForce} disabled={job.busy} /> : null}
          {column?.valueLabels && target === 'string' ? <Check label={t('dataTools.fields.useValueLabels')} checked={useLabels} onChange={setUseLabels} disabled={job.busy} /> : null}
        </>
      );
      break;
    case 'recode':
      body = (
        <>
          <p className="field-hint">{t('dataTools.fields.recodeHint')}</p>
          <table className="dt-rules">
            <thead>
              <tr>
                <th scope="col">{t('dataTools.fields.recodeFrom')}</th>
                <th scope="col">{t('dataTools.fields.recodeTo')}</th>
                <th scope="col">{t('dataTools.fields.recodeLabel')}</th>
              </tr>
            </thead>
            <tbody>
              {rules.map((r, k) => (
                <tr key={k}>
                  {(['from', 'to', 'label'] as const).map((f) => (
                    <td key={f}>
                      <input
                        aria-label={t(`dataTools.fields.recode${f === 'from' ? 'From' : f === 'to' ? 'To' : 'Label'}Row`, { row: k + 1 })}
                        value={r[f]}
                        onChange={(e) => setRule(k, { [f]: e.target.value })}
                        disabled={job.busy}
                        aria-invalid={errors[`rule${k}.${f}`] ? true : undefined}
                      />
                      {errorText(`rule${k}.${f}`) ? <span className="field-error">{errorText(`rule${k}.${f}`)}</span> : null}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
          {errorText('rules') ? (
            <p className="field-error" role="alert">
              {errorText('rules')}
            </p>
          ) : null}
          <button type="button" className="btn btn-small" onClick={() => setRules((rs) => [...rs, EMPTY_RULE])} disabled={job.busy}>
            {t('dataTools.fields.addRule')}
          </button>
          <Choice
            name="step-otherwise"
            label={t('dataTools.fields.otherwise')}
            value={otherwise}
            options={[
              { value: 'keep', label: t('dataTools.fields.otherwiseKeep') },
              { value: 'missing', label: t('dataTools.fields.otherwiseMissing') },
            ]}
            onChange={setOtherwise}
            disabled={job.busy}
          />
          <TextField id="step-into" label={t('dataTools.fields.into')} hint={t('dataTools.fields.intoHint')} value={into} onChange={setInto} error={errorText('into')} disabled={job.busy} />
        </>
      );
      break;
    case 'generate':
      body = (
        <>
          <TextField id="step-name" label={t('dataTools.fields.name')} value={name} onChange={setName} error={errorText('name')} disabled={job.busy} />
          <Check label={t('dataTools.fields.replace')} checked={replace} onChange={setReplace} disabled={job.busy} />
          <TextAreaField id="step-expr" label={t('dataTools.fields.expression')} hint={t('dataTools.fields.expressionHint')} placeholder="log(income)" value={expr} onChange={setExpr} error={errorText('expr')} code disabled={job.busy} />
          <TextField id="step-if" label={t('dataTools.fields.condition')} hint={t('dataTools.fields.conditionHint')} placeholder="income > 0" value={cond} onChange={setCond} error={errorText('if')} disabled={job.busy} />
          <TextField id="step-new-label" label={t('dataTools.fields.variableLabel')} value={newLabel} onChange={setNewLabel} disabled={job.busy} />
        </>
      );
      break;
    case 'dropKeep':
      body = (
        <>
          <Choice
            name="step-dropkeep"
            label={t('dataTools.fields.dropOrKeep')}
            value={mode}
            options={[
              { value: 'drop', label: t('dataTools.fields.dropSelected') },
              { value: 'keep', label: t('dataTools.fields.keepSelected') },
            ]}
            onChange={setMode}
            disabled={job.busy}
          />
          <ColumnChecks id="step-columns" label={t('dataTools.fields.columns')} columns={columns} selected={picked} onChange={setPicked} error={errorText('columns')} disabled={job.busy} />
        </>
      );
      break;
    case 'filter':
      body = (
        <TextAreaField id="step-expr" label={t('dataTools.fields.keepRowsIf')} hint={t('dataTools.fields.keepRowsHint')} placeholder="year >= 2010 & !is.na(income)" value={expr} onChange={setExpr} error={errorText('expr')} code disabled={job.busy} />
      );
      break;
  }

  return (
    <Dialog
      title={title}
      onClose={onClose}
      busy={job.busy}
      footer={
<FormFooter formId="step-form" submitLabel={t('dataTools.apply')} onCancel={onClose} cancelLabel={t('common.cancel')} busy={job.busy} />
      }
    >
      <form id="step-form" onSubmit={submit} noValidate>
        {body}
      </form>
      <JobStatus job={job} label={t('dataTools.applying')} failedTitle={t('dataTools.stepFailed')} />
    </Dialog>
  );
}
