import type { ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { ColumnInfo } from '../../../../shared/contract';
import { TextField } from '../../components/Field';
import { ColumnSelect } from '../did/ColumnSelect';
import { CheckField, ColumnChecks, SelectField } from '../didkit/fields';
import type { MatchingField, MatchingState } from './psmForm';

export interface MatchingFieldsProps {
  state: MatchingState;
  columns: ColumnInfo[];
  /** Columns that play another role (the panel identifiers, the outcome): not covariates. */
  taken: readonly string[];
  onChange: (patch: Partial<MatchingState>) => void;
  errorText: (field: MatchingField) => string | undefined;
  disabled?: boolean;
  treatedLabel: string;
  treatedHint: string;
}

/** The propensity-score model and the matching rule, with MatchIt's defaults. */
export function MatchingFields({ state, columns, taken, onChange, errorText, disabled, treatedLabel, treatedHint }: MatchingFieldsProps): ReactElement {
  const { t } = useTranslation();
  const numeric = columns.filter((c) => c.type === 'number');
  const covariateChoices = columns.filter((c) => (c.name !== state.treated && !taken.includes(c.name)) || state.covariates.includes(c.name));
  const nearest = state.method === 'nearest';
  return (
    <>
      <fieldset className="form-section">
        <legend>{t('policy.psm.sectionScore')}</legend>
        <div className="field-row">
          <ColumnSelect
            id="psm-treated"
            label={treatedLabel}
            hint={treatedHint}
            value={state.treated}
            columns={numeric}
            onChange={(treated) => onChange({ treated })}
            error={errorText('treated')}
            disabled={disabled}
          />
          <SelectField
            id="psm-distance"
            label={t('policy.psm.distance')}
            value={state.distance}
            options={[
              { value: 'logit', label: t('policy.psm.logit') },
              { value: 'probit', label: t('policy.psm.probit') },
            ]}
            onChange={(distance) => onChange({ distance })}
            disabled={disabled}
          />
          <SelectField
            id="psm-fit"
            label={t('policy.psm.psFit')}
            hint={t('policy.psm.psFitHint')}
            value={state.psFit}
            options={[
              { value: 'glm', label: t('policy.psm.psFitGlm') },
              { value: 'exact', label: t('policy.psm.psFitExact') },
            ]}
            onChange={(psFit) => onChange({ psFit })}
            disabled={disabled}
          />
        </div>
        <ColumnChecks
          label={t('policy.psm.covariates')}
          hint={t('policy.psm.covariatesHint')}
          columns={covariateChoices}
          selected={state.covariates}
          onChange={(covariates) => onChange({ covariates })}
          error={errorText('covariates')}
          disabled={disabled}
        />
      </fieldset>
      <fieldset className="form-section">
        <legend>{t('policy.psm.sectionMatching')}</legend>
        <div className="field-row">
          <SelectField
            id="psm-method"
            label={t('policy.psm.method')}
            value={state.method}
            options={[
              { value: 'nearest', label: t('policy.psm.methods.nearest') },
              { value: 'kernel', label: t('policy.psm.methods.kernel') },
              { value: 'radius', label: t('policy.psm.methods.radius') },
            ]}
            onChange={(method) => onChange({ method })}
            disabled={disabled}
          />
          <SelectField
            id="psm-discard"
            label={t('policy.psm.discard')}
            hint={t('policy.psm.discardHint')}
            value={state.discard}
            options={(['none', 'both', 'treated', 'control'] as const).map((value) => ({ value, label: t(`policy.psm.discards.${value}`) }))}
            onChange={(discard) => onChange({ discard })}
            disabled={disabled}
          />
        </div>
        {nearest ? (
          <div className="field-row">
            <TextField id="psm-ratio" label={t('policy.psm.ratio')} hint={t('policy.psm.ratioHint')} inputMode="numeric" value={state.ratio} onChange={(ratio) => onChange({ ratio })} error={errorText('ratio')} disabled={disabled} />
            <SelectField
              id="psm-order"
              label={t('policy.psm.mOrder')}
              value={state.mOrder}
              options={(['largest', 'smallest', 'data', 'random'] as const).map((value) => ({ value, label: t(`policy.psm.orders.${value}`) }))}
              onChange={(mOrder) => onChange({ mOrder })}
              disabled={disabled}
            />
            {state.mOrder === 'random' ? (
              <TextField id="psm-seed" label={t('policy.placebo.seed')} inputMode="numeric" value={state.seed} onChange={(seed) => onChange({ seed })} error={errorText('seed')} disabled={disabled} />
            ) : null}
          </div>
        ) : null}
        {nearest ? <CheckField label={t('policy.psm.replace')} hint={t('policy.psm.replaceHint')} checked={state.replace} onChange={(replace) => onChange({ replace })} disabled={disabled} /> : null}
        {state.method !== 'kernel' ? (
          <div className="field-row">
            <TextField
              id="psm-caliper"
              label={state.method === 'radius' ? t('policy.psm.radius') : t('policy.psm.caliper')}
              hint={t('policy.psm.caliperHint')}
              inputMode="numeric"
              value={state.caliper}
              onChange={(caliper) => onChange({ caliper })}
              error={errorText('caliper')}
              disabled={disabled}
            />
            <SelectField
              id="psm-caliper-unit"
              label={t('policy.psm.caliperUnit')}
              value={state.stdCaliper ? 'sd' : 'absolute'}
              options={[
                { value: 'sd', label: t('policy.psm.caliperSd') },
                { value: 'absolute', label: t('policy.psm.caliperAbsolute') },
              ]}
              onChange={(unit) => onChange({ stdCaliper: unit === 'sd' })}
              disabled={disabled}
            />
          </div>
        ) : (
          <div className="field-row">
            <SelectField
              id="psm-kernel"
              label={t('policy.psm.kernel')}
              value={state.kernel}
              options={(['epanechnikov', 'gaussian', 'biweight', 'uniform', 'tricube'] as const).map((value) => ({ value, label: t(`policy.psm.kernels.${value}`) }))}
              onChange={(kernel) => onChange({ kernel })}
              disabled={disabled}
            />
            <TextField id="psm-bandwidth" label={t('policy.psm.bandwidth')} hint={t('policy.psm.bandwidthHint')} inputMode="numeric" value={state.bandwidth} onChange={(bandwidth) => onChange({ bandwidth })} error={errorText('bandwidth')} disabled={disabled} />
          </div>
        )}
      </fieldset>
    </>
  );
}
