import { useMemo, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { ColumnInfo } from '../../../../shared/contract';
import { TextField } from '../../components/Field';
import { ClusterSelect, ColumnSelect } from '../did/ColumnSelect';
import { CheckField, ColumnChecks } from './fields';
import type { PanelModelField, PanelModelState } from './panelModel';

export interface PanelModelFieldsProps {
  idPrefix: string;
  state: PanelModelState;
  columns: readonly ColumnInfo[];
  onChange: (patch: Partial<PanelModelState>) => void;
  errorText: (field: PanelModelField) => string | undefined;
  disabled?: boolean;
  /** Label of the treatment choice (a 0/1 treated × post column by default). */
  treatmentLabel?: string;
  treatmentHint?: string;
}

/** Outcome, 0/1 treatment, panel identifiers, controls, fixed effects and clustering. */
export function PanelModelFields({
  idPrefix,
  state,
  columns,
  onChange,
  errorText,
  disabled,
  treatmentLabel,
  treatmentHint,
}: PanelModelFieldsProps): ReactElement {
  const { t } = useTranslation();
  const numeric = useMemo(() => columns.filter((c) => c.type === 'number'), [columns]);
  const taken = new Set([state.outcome, state.treatment, state.unit, state.time]);
  const controlChoices = numeric.filter((c) => !taken.has(c.name) || state.controls.includes(c.name));
  const id = (name: string): string => `${idPrefix}-${name}`;
  return (
    <>
      <fieldset className="form-section">
        <legend>{t('policy.common.sectionModel')}</legend>
        <div className="field-row">
          <ColumnSelect
            id={id('outcome')}
            label={t('did.outcome')}
            value={state.outcome}
            columns={numeric}
            onChange={(outcome) => onChange({ outcome })}
            error={errorText('outcome')}
            disabled={disabled}
          />
          <ColumnSelect
            id={id('treatment')}
            label={treatmentLabel ?? t('did.treatmentColumn')}
            hint={treatmentHint}
            value={state.treatment}
            columns={numeric}
            onChange={(treatment) => onChange({ treatment })}
            error={errorText('treatment')}
            disabled={disabled}
          />
        </div>
        <div className="field-row">
          <ColumnSelect
            id={id('unit')}
            label={t('did.unit')}
            value={state.unit}
            columns={columns as ColumnInfo[]}
            onChange={(unit) => onChange({ unit })}
            error={errorText('unit')}
            disabled={disabled}
          />
          <ColumnSelect
            id={id('time')}
            label={t('did.time')}
            value={state.time}
            columns={numeric}
            onChange={(time) => onChange({ time })}
            error={errorText('time')}
            disabled={disabled}
          />
        </div>
        <ColumnChecks
          label={t('did.controls')}
          hint={t('did.controlsHint')}
          columns={controlChoices}
          selected={state.controls}
          onChange={(controls) => onChange({ controls })}
          error={errorText('controls')}
          disabled={disabled}
        />
      </fieldset>
      <fieldset className="form-section">
        <legend>{t('did.sectionFe')}</legend>
        <div className="check-list">
          <CheckField
            label={`${t('did.feUnit')}${state.unit ? ` (${state.unit})` : ''}`}
            checked={state.feUnit}
            onChange={(feUnit) => onChange({ feUnit })}
            disabled={disabled}
          />
          <CheckField
            label={`${t('did.feTime')}${state.time ? ` (${state.time})` : ''}`}
            checked={state.feTime}
            onChange={(feTime) => onChange({ feTime })}
            disabled={disabled}
          />
        </div>
        <div className="field-row">
          <TextField
            id={id('extra-fe')}
            label={t('did.extraFe')}
            hint={t('did.extraFeHint')}
            placeholder={t('did.extraFePlaceholder')}
            value={state.extraFe}
            onChange={(extraFe) => onChange({ extraFe })}
            error={errorText('fixedEffects')}
            disabled={disabled}
          />
          <ClusterSelect
            id={id('cluster')}
            value={state.cluster}
            columns={columns as ColumnInfo[]}
            onChange={(cluster) => onChange({ cluster })}
            error={errorText('cluster')}
            disabled={disabled}
          />
        </div>
      </fieldset>
    </>
  );
}
