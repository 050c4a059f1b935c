/**
 * Sample tables for the exporter tests, built from the reference fixtures' expected blocks
 * (read at test time, no numbers pasted): a two-model regression table with a collinear drop
 * and one with Chinese labels and a label full of markup characters.
 */
import { regressionTableSpec } from '../../shared/specs/table';
import { referenceCase } from '../testing/fixtures';
import type { TableModel } from './table-model';
import { buildRegressionTable } from './table-model';

export function sampleTable(language: 'en' | 'zh' = 'en', title = 'Table 1: Baseline'): TableModel {
  const spec = regressionTableSpec.parse({
    kind: 'regression',
    title,
    language,
    columns: [{ source: 'twfe' }, { source: 'collinear' }],
    labels: language === 'zh' ? { treat_post: '政策虚拟变量' } : { treat_post: 'Treat & post <b>_x%' },
  });
  return buildRegressionTable(spec, [
    { result: referenceCase('mpdta.json', 'twfe').expected, spec: { formula: 'lemp ~ treat_post | countyreal + year' } },
    { result: referenceCase('mpdta.json', 'twfe_lpop_collinear').expected, spec: { formula: 'lemp ~ treat_post + lpop | countyreal + year' } },
  ]);
}
