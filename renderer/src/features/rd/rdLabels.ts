import type { RdSensitivityRow } from '../../../../shared/specs/rdsensitivity';
import { formatEstimate } from '../../components/format';

/** The label of one sensitivity row on the chart and in the table. */
export function sensitivityLabel(t: (key: string, values?: Record<string, unknown>) => string, check: 'bandwidth' | 'placebo' | 'donut' | 'balance', row: RdSensitivityRow): string {
  const v = row.value === null ? '' : formatEstimate(row.value, 3);
  switch (check) {
    case 'bandwidth':
      return row.label === 'selected' ? t('rdmech.rdResult.sens.hSelected', { h: v }) : t('rdmech.rdResult.sens.h', { h: v });
    case 'placebo':
      return t('rdmech.rdResult.sens.cutoff', { c: v });
    case 'donut':
      return t('rdmech.rdResult.sens.donut', { r: v });
    case 'balance':
      return row.label;
  }
}

