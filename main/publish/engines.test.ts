/**
 * The publication builders on real engine results (not fixture blocks): every result shape a
 * user can put in a table or a figure is read without error and shows the engine's numbers.
 */
import { describe, expect, it } from 'vitest';
import { attGtSpec } from '../../shared/specs/att-gt';
import { didSpec } from '../../shared/specs/did';
import { feolsSpec } from '../../shared/specs/feols';
import { figureSpec } from '../../shared/specs/figure';
import { matchitSpec } from '../../shared/specs/matchit';
import { rddensitySpec } from '../../shared/specs/rddensity';
import { rdplotSpec } from '../../shared/specs/rdplot';
import { balanceTableSpec, regressionTableSpec } from '../../shared/specs/table';
import { silentContext } from '../engine/context';
import { runAttGt } from '../engine/did/att-gt';
import { runFeols } from '../engine/feols';
import { runDid } from '../engine/policy/did';
import { runPlacebo } from '../engine/policy/placebo';
import { runMatchit } from '../engine/psm/matchit';
import { runRddensity } from '../engine/rd/rddensity';
import { runRdplot } from '../engine/rd/rdplot';
import { loadData } from '../testing/fixtures';
import { buildBalanceTable } from './balance';
import { eventStudyPoints } from './figures/data';
import { figureOption, renderSvg } from './figures/render';
import { formatNumber } from './format';
import { buildRegressionTable, cellText } from './table-model';

const figure = (kind: string, result: unknown): string => {
  const spec = figureSpec.parse({ kind, source: kind });
  return renderSvg(figureOption(spec, result), spec.width, spec.height);
};

describe('tables and figures from engine results', () => {
  it('feols, the DID builder and att_gt with aggte side by side', async () => {
    const mpdta = await loadData('mpdta.csv');
    const feols = runFeols(mpdta, feolsSpec.parse({ model: 'feols', data: 'mpdta.csv', formula: 'lemp ~ treat_post | countyreal + year', vcov: { cluster: ['countyreal'] } }), silentContext);
    const did = runDid(mpdta, didSpec.parse({ model: 'did', data: 'mpdta.csv', outcome: 'lemp', treatment: { kind: 'first_treat', column: 'first.treat' }, unit: 'countyreal', time: 'year', event_study: { leads: 3, lags: 3 } }), silentContext);
    const cs = runAttGt(mpdta, attGtSpec.parse({ model: 'att_gt', data: 'mpdta.csv', yname: 'lemp', tname: 'year', idname: 'countyreal', gname: 'first.treat', aggte: 'simple' }), silentContext);
    const spec = regressionTableSpec.parse({ kind: 'regression', columns: [{ source: 'feols' }, { source: 'did' }, { source: 'cs' }], rename: { ATT: 'treat_post' } });
    const model = buildRegressionTable(spec, [{ result: feols }, { result: did }, { result: cs }]);
    const row = model.sections[0][0];
    expect(row.label).toBe('treat_post');
    expect(row.cells[0]).toBe(formatNumber(feols.coefficients.treat_post.estimate, 3));
    expect(row.cells[1]).toBe(formatNumber(did.coefficients[did.treatment.term].estimate, 3));
    expect(row.cells[2]).toBe(formatNumber(cs.aggte?.overall_att, 3));
    expect(model.sections.flat().find((r) => r.label === 'Observations')?.cells.slice(0, 2)).toEqual(['2,500', '2,500']);
    const pts = eventStudyPoints(did, -1, 'did');
    expect(pts.find((p) => p.reference)?.period).toBe(-1);
    expect(figure('event_study', did)).toContain('Periods relative to treatment');
  });

  it('matchit: ATT regression column, balance table and score densities', async () => {
    const lalonde = await loadData('lalonde.csv');
    const m = runMatchit(lalonde, matchitSpec.parse({ model: 'matchit', data: 'lalonde.csv', levels: { race: ['black', 'hispan', 'white'] }, formula: 'treat ~ age + educ + race + married + nodegree + re74 + re75', outcome: 're78' }), silentContext);
    const table = buildRegressionTable(regressionTableSpec.parse({ kind: 'regression', columns: [{ source: 'm' }], keep: ['treat'] }), [{ result: m }]);
    expect(cellText(table.sections[0][0], 0).startsWith(formatNumber(m.att_regression?.coefficients.treat.estimate, 3))).toBe(true);
    const bal = buildBalanceTable(balanceTableSpec.parse({ kind: 'balance', source: 'm' }), m);
    expect(bal.sections[0].find((r) => r.label === 'age')?.cells[0]).toBe(formatNumber(m.balance_before.age['Means Treated'], 3));
    expect(figure('psm_density', m)).toContain('After matching');
  });

  it('placebo distribution figure', async () => {
    const mpdta = await loadData('mpdta.csv');
    const pl = runPlacebo(
      mpdta,
      { model: 'placebo', data: 'mpdta.csv', base: { formula: 'lemp ~ treat_post | countyreal + year', vcov: { cluster: ['countyreal'] } }, treatment: 'treat_post', unit: 'countyreal', time: 'year', draws: 100, seed: 3 },
      silentContext,
    );
    const svg = figure('placebo', pl);
    expect(svg).toContain('Placebo estimate');
    if (pl.p_value_ri !== null) expect(svg).toContain(`p = ${pl.p_value_ri.toFixed(3)}`);
  });

  it('rdplot and rddensity figures', async () => {
    const senate = await loadData('rdrobust_senate.csv');
    const plot = runRdplot(senate, rdplotSpec.parse({ model: 'rdplot', data: 'rdrobust_senate.csv', y: 'vote', x: 'margin' }), silentContext);
    expect(figure('rd_plot', plot)).toContain('Running variable');
    const dens = runRddensity(senate, rddensitySpec.parse({ model: 'rddensity', data: 'rdrobust_senate.csv', x: 'margin' }), silentContext);
    expect(figure('density_test', dens)).toContain(`p = ${(dens.test.p_jk as number).toFixed(3)}`);
  });
});
