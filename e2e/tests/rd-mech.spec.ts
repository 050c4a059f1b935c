/**
 * Issues 7 and 9 from the user's side: an RD on the Senate data from the "New analysis" menu
 * (estimate, RD plot and density test, numbers against rdrobust_senate.json), and the demo
 * survey's mechanism analyses run from the UI (mediation with a bootstrap, moderation's
 * marginal-effect chart, heterogeneity's group chart). Screenshots in both languages.
 */
import type { Locator, Page } from '@playwright/test';
import { dataPath, referenceCase } from '../../main/testing/fixtures';
import { createProject, importFile, numberIn, relativeDifference, screenshot, screenshotOf } from '../support/app';
import { expect, test } from '../support/test';

async function openBuilder(page: Page, group: string, item: RegExp): Promise<void> {
  await page.getByRole('button', { name: 'New analysis' }).click();
  await page.getByRole('menu').getByRole('group', { name: group }).getByRole('menuitem', { name: item }).click();
}

async function waitFor(page: Page, result: Locator, what: string): Promise<void> {
  await expect(result.or(page.locator('.error-box'))).toBeVisible({ timeout: 120_000 });
  if (!(await result.isVisible())) throw new Error(`${what} failed: ${await page.locator('.error-box').innerText()}`);
}

async function openSaved(page: Page, name: RegExp): Promise<void> {
  await page.getByTestId('analysis-list').getByRole('button', { name }).click();
}

/** The chart has drawn these texts (title, axis names, legend) as SVG text. */
async function expectTexts(chart: Locator, texts: string[]): Promise<void> {
  await expect(chart.locator('svg')).toBeVisible();
  for (const text of texts) await expect(chart.locator('svg text', { hasText: text }).first()).toBeVisible();
}

test('RD on the Senate data: the estimate equals rdrobust, with its RD plot and density test', async ({ page, host }) => {
  await page.goto(host.url);
  await createProject(page, 'Senate RD');
  await importFile(page, dataPath('rdrobust_senate.csv'), 'rdrobust_senate');

  await openBuilder(page, 'Regression discontinuity', /^RD estimate/);
  await page.getByLabel('Outcome', { exact: true }).selectOption('vote');
  await page.getByLabel('Running variable', { exact: true }).selectOption('margin');
  await screenshot(page, 'en-40-rd-builder');
  await page.getByRole('button', { name: 'Run: RD estimate' }).click();
  const result = page.getByTestId('rdrobust-result');
  await waitFor(page, result, 'The RD estimate');

  const expected = referenceCase('rdrobust_senate.json', 'rdrobust_default').expected as {
    coefficients: Record<string, { estimate: number; se: number; p: number }>;
    N_h: { left: number; right: number };
  };
  const table = result.getByTestId('rd-coefficients');
  for (const row of ['Conventional', 'Bias-Corrected', 'Robust']) {
    for (const field of ['estimate', 'se', 'p'] as const) {
      const actual = await numberIn(table.locator(`tr[data-term="${row}"] [data-field="${field}"]`));
      expect(relativeDifference(actual, expected.coefficients[row][field]), `${row} ${field}`).toBeLessThan(1e-6);
    }
  }
  const sides = result.getByTestId('rd-sides');
  expect(await numberIn(sides.locator('tr[data-stat="N_h"] [data-field="left"]'))).toBe(expected.N_h.left);
  expect(await numberIn(sides.locator('tr[data-stat="N_h"] [data-field="right"]'))).toBe(expected.N_h.right);
  await screenshot(page, 'en-41-rd-result');

  // The companions ran on the same design and are saved beside the estimate.
  const plotCase = referenceCase('rdrobust_senate.json', 'rdplot_default').expected as { J: { left: number; right: number } };
  await openSaved(page, /vote ~ margin · RD plot/);
  const plot = page.getByTestId('rd-plot-chart');
  await expectTexts(plot, ['RD plot: vote', 'Running variable', 'Bin means', 'Polynomial fit']);
  const bins = page.getByTestId('rdplot-bins');
  expect(await numberIn(bins.locator('tr[data-stat="J"] [data-field="left"]'))).toBe(plotCase.J.left);
  expect(await numberIn(bins.locator('tr[data-stat="J"] [data-field="right"]'))).toBe(plotCase.J.right);
  await screenshotOf(plot, 'en-42-rd-plot');
  // Bin intervals are an option (rdplot draws none by default); the y axis stays on the bin means.
  await page.getByLabel('Show each bin’s confidence interval').check();
  await expectTexts(plot, ['95% CI']);
  await screenshotOf(plot, 'en-42b-rd-plot-ci');

  const densityCase = referenceCase('rdrobust_senate.json', 'rddensity_default').expected as { test: { t_jk: number; p_jk: number } };
  await openSaved(page, /margin · Density/);
  const density = page.getByTestId('rd-density-chart');
  await expectTexts(density, ['Density of the running variable at the cutoff', 'Running variable', 'Density', 'Left of cutoff', 'Right of cutoff']);
  const test = page.getByTestId('rd-density-test');
  expect(relativeDifference(await numberIn(test.locator('tr[data-term="robust"] [data-field="stat"]')), densityCase.test.t_jk)).toBeLessThan(1e-6);
  expect(relativeDifference(await numberIn(test.locator('tr[data-term="robust"] [data-field="p"]')), densityCase.test.p_jk)).toBeLessThan(1e-6);
  await screenshotOf(density, 'en-43-rd-density');

  await page.getByTestId('language-select').selectOption('zh-CN');
  await expectTexts(density, ['断点处驱动变量的密度', '驱动变量', '断点左侧']);
  await screenshotOf(density, 'zh-43-rd-density');
  await openSaved(page, /vote ~ margin · RD plot/);
  await expectTexts(plot, ['断点回归图：vote', '驱动变量', '分箱均值']);
  await screenshotOf(plot, 'zh-42-rd-plot');
  await openSaved(page, /vote ~ margin · RD estimate/);
  await expect(page.getByText('稳健', { exact: true })).toBeVisible();
  await screenshot(page, 'zh-41-rd-result');
});

test('mechanisms on the demo survey: mediation with a bootstrap, marginal effects and heterogeneity charts', async ({ page, host }) => {
  await page.goto(host.url);
  await page.getByRole('button', { name: 'Open the demo project' }).click();
  await expect(page.getByTestId('dataset-title')).toHaveText('demo_city_panel');

  // Mediation: the saved example, edited to a short bootstrap and run from its builder.
  await openSaved(page, /Mediation via Internet use/);
  await page.getByRole('button', { name: /^Edit in the Mediation/ }).click();
  await expect(page.getByLabel('Mechanism (mediator)')).toHaveValue('internet');
  await page.getByLabel('Bootstrap draws').fill('50');
  await page.getByRole('button', { name: 'Run mediation' }).click();
  await expect(page.getByRole('progressbar')).toBeVisible();
  const mediation = page.getByTestId('mediation-result');
  await waitFor(page, mediation, 'Mediation');
  // The survey's truth: a = 0.4, b = 0.5, indirect 0.2, 40% mediated.
  const a = await numberIn(mediation.getByTestId('mediation-paths').locator('tr[data-term="a"] [data-field="estimate"]'));
  const indirect = await numberIn(mediation.getByTestId('mediation-indirect').locator('[data-stat="indirect"]'));
  expect(Math.abs(a - 0.4)).toBeLessThan(0.1);
  expect(Math.abs(indirect - 0.2)).toBeLessThan(0.06);
  await expect(mediation.getByTestId('mediation-bootstrap')).toContainText('50 draws');
  await expect(mediation.getByTestId('mediation-conclusion')).toContainText('Partial mediation');
  await screenshot(page, 'en-45-mediation');

  // Moderation: the saved example run as it is; the marginal-effect chart.
  await openSaved(page, /Moderation by perceived uncertainty/);
  await page.getByRole('button', { name: 'Run this analysis' }).click();
  const moderation = page.getByTestId('moderation-result');
  await waitFor(page, moderation, 'Moderation');
  const me = page.getByTestId('marginal-effects-chart');
  await expectTexts(me, ['Marginal effect of treat_post by uncertainty', 'uncertainty', 'Marginal effect', '95% CI', 'Distribution of the moderator']);
  await screenshotOf(me, 'en-46-marginal-effects');

  // Heterogeneity: fewer permutations, then the chart of group estimates.
  await openSaved(page, /Heterogeneity by urban\/rural/);
  await page.getByRole('button', { name: /^Edit in the Heterogeneity/ }).click();
  await page.getByLabel('Permutations').fill('20');
  await page.getByRole('button', { name: 'Run heterogeneity' }).click();
  const heterogeneity = page.getByTestId('heterogeneity-result');
  await waitFor(page, heterogeneity, 'Heterogeneity');
  const het = page.getByTestId('heterogeneity-chart-urban');
  await expectTexts(het, ['Effect on participation by urban', 'Estimate and CI', '城镇', '农村']);
  await expect(heterogeneity.getByTestId('interaction-test-urban')).toContainText('F(');
  await screenshotOf(het, 'en-47-heterogeneity');

  await page.getByTestId('language-select').selectOption('zh-CN');
  await expectTexts(het, ['对 participation 的效应：按 urban 分组', '估计值与置信区间']);
  await screenshotOf(het, 'zh-47-heterogeneity');
  await openSaved(page, /Moderation by perceived uncertainty/);
  await expectTexts(me, ['treat_post 的边际效应随 uncertainty 的变化', '边际效应', '调节变量分布']);
  await screenshotOf(me, 'zh-46-marginal-effects');
  // The builder's run is saved as a new analysis beside the example.
  await openSaved(page, /participation ← internet ← treat_post/);
  await expect(page.getByTestId('mediation-conclusion')).toContainText('部分中介');
  await screenshot(page, 'zh-45-mediation');
});
