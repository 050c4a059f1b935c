/**
 * Issues 5 and 6 from the user's side: the DID family's builders reached from the "New
 * analysis" menu, run as jobs with progress, and their charts (screenshots in both languages).
 */
import type { Page } from '@playwright/test';
import { dataPath, referenceCase } from '../../main/testing/fixtures';
import { createProject, importFile, numberIn, relativeDifference, screenshot, screenshotOf } from '../support/app';
import { expect, test } from '../support/test';

async function openBuilder(page: Page, group: string, item: RegExp): Promise<void> {
  await page.getByRole('button', { name: 'New analysis' }).click();
  await page.getByRole('menu').getByRole('group', { name: group }).getByRole('menuitem', { name: item }).click();
}

/** Records every value the progress bar shows, however briefly, from now on. */
async function watchProgress(page: Page): Promise<void> {
  await page.evaluate(() => {
    const seen: number[] = [];
    (window as unknown as { progressSeen: number[] }).progressSeen = seen;
    const record = (): void => {
      for (const bar of document.querySelectorAll('[role="progressbar"]')) {
        const v = Number(bar.getAttribute('aria-valuenow'));
        if (Number.isFinite(v) && seen[seen.length - 1] !== v) seen.push(v);
      }
    };
    new MutationObserver(record).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['aria-valuenow'] });
  });
}

async function progressSeen(page: Page): Promise<number[]> {
  return page.evaluate(() => (window as unknown as { progressSeen: number[] }).progressSeen);
}

async function selectIn(page: Page, label: string, value: string): Promise<void> {
  await page.getByLabel(label, { exact: true }).selectOption(value);
}

test('placebo: a 200-draw in-space test from the menu, with progress, density chart and RI p-value', async ({ page, host }) => {
  await page.goto(host.url);
  await createProject(page, 'Placebo check');
  await importFile(page, dataPath('mpdta.csv'), 'mpdta');

  await openBuilder(page, 'Placebo & robustness', /^Placebo and permutation tests/);
  await expect(page.getByRole('tab', { name: 'Placebo and permutation tests', selected: true })).toBeVisible();
  await selectIn(page, 'Outcome', 'lemp');
  await selectIn(page, 'Treatment column (0/1)', 'treat_post');
  await selectIn(page, 'Unit (panel ID)', 'countyreal');
  await selectIn(page, 'Time period', 'year');
  await expect(page.getByLabel('Cluster standard errors by')).toHaveValue('countyreal');
  await page.getByLabel('Number of draws').fill('200');
  await screenshot(page, 'en-20-placebo-builder');

  await watchProgress(page);
  await page.getByRole('button', { name: 'Run placebo test' }).click();
  const result = page.getByTestId('placebo-result');
  await expect(result.or(page.locator('.error-box'))).toBeVisible({ timeout: 120_000 });
  if (!(await result.isVisible())) throw new Error(`The placebo run failed: ${await page.locator('.error-box').innerText()}`);
  // The bar moved: it showed values between the start and the end.
  const seen = await progressSeen(page);
  expect(seen.some((v) => v > 0 && v < 100), `progress values seen: ${seen.join(', ')}`).toBe(true);

  const head = page.getByTestId('placebo-headline');
  expect(await numberIn(head.locator('[data-stat="draws"]'))).toBe(200);
  const pRi = await numberIn(head.locator('[data-stat="p_value_ri"]'));
  expect(pRi).toBeGreaterThanOrEqual(0);
  expect(pRi).toBeLessThan(0.05);
  const chart = page.getByTestId('placebo-density-chart');
  await expect(chart.locator('svg')).toBeVisible();
  for (const text of ['Distribution of placebo estimates', 'Placebo estimate', 'Density', 'Actual estimate']) {
    await expect(chart.locator('svg text', { hasText: text }).first()).toBeVisible();
  }
  await expect(page.getByTestId('placebo-p-chart').locator('svg')).toBeVisible();
  await screenshot(page, 'en-21-placebo-result');
  await screenshotOf(page.locator('.chart-pair'), 'en-22-placebo-charts');

  await page.getByTestId('language-select').selectOption('zh-CN');
  await expect(chart.locator('svg text', { hasText: '安慰剂估计值的分布' }).first()).toBeVisible();
  await expect(page.getByText('随机推断 p 值')).toBeVisible();
  await screenshot(page, 'zh-21-placebo-result');
  await screenshotOf(page.locator('.chart-pair'), 'zh-22-placebo-charts');
});

/** Runs the open builder and waits for its result view (or fails with the error shown). */
async function runAndWait(page: Page, button: string, resultId: string): Promise<void> {
  await page.getByRole('button', { name: button }).click();
  const result = page.getByTestId(resultId);
  await expect(result.or(page.locator('.error-box'))).toBeVisible({ timeout: 120_000 });
  if (!(await result.isVisible())) throw new Error(`${button} failed: ${await page.locator('.error-box').innerText()}`);
}

async function fillStaggered(page: Page): Promise<void> {
  await selectIn(page, 'Outcome', 'lemp');
  await selectIn(page, 'Unit (panel ID)', 'countyreal');
  await selectIn(page, 'Time period', 'year');
  await selectIn(page, 'First-treatment time column (0 or empty = never treated)', 'first.treat');
}

test('staggered adoption: estimator comparison, Callaway–Sant’Anna and Bacon on mpdta', async ({ page, host }) => {
  await page.goto(host.url);
  await createProject(page, 'Staggered');
  await importFile(page, dataPath('mpdta.csv'), 'mpdta');

  await openBuilder(page, 'Staggered adoption', /^Compare staggered-DID estimators/);
  await fillStaggered(page);
  await runAndWait(page, 'Compare estimators', 'compare-result');
  const chart = page.getByTestId('compare-chart');
  await expect(chart.locator('svg')).toBeVisible();
  for (const text of ['Event-study estimates by estimator', 'Periods relative to treatment', 'TWFE event study', 'Callaway–Sant’Anna', 'Sun–Abraham', 'Imputation (BJS)']) {
    await expect(chart.locator('svg text', { hasText: text }).first()).toBeVisible();
  }
  const table = page.getByTestId('compare-table');
  await expect(table.locator('tr[data-term="0"] td[data-series="cs"] [data-value]').first()).toBeVisible();
  await screenshot(page, 'en-30-compare');
  await screenshotOf(page.locator('.chart-section'), 'en-31-compare-chart');

  await openBuilder(page, 'Staggered adoption', /^Callaway–Sant’Anna/);
  await fillStaggered(page);
  await runAndWait(page, 'Estimate ATT(g,t)', 'attgt-result');
  await expect(page.getByTestId('aggte-chart').locator('svg')).toBeVisible();
  await expect(page.getByTestId('attgt-pretest')).toContainText('W =');
  await screenshot(page, 'en-32-attgt');

  await openBuilder(page, 'Staggered adoption', /^Goodman-Bacon decomposition/);
  await selectIn(page, 'Outcome', 'lemp');
  await selectIn(page, 'Treatment column (0/1)', 'treat_post');
  await selectIn(page, 'Unit (panel ID)', 'countyreal');
  await selectIn(page, 'Time period', 'year');
  await runAndWait(page, 'Decompose', 'bacon-result');
  await expect(page.getByTestId('bacon-chart').locator('svg text', { hasText: 'TWFE' }).first()).toBeVisible();
  await screenshot(page, 'en-33-bacon');

  await page.getByTestId('language-select').selectOption('zh-CN');
  await expect(page.getByTestId('bacon-chart').locator('svg text', { hasText: '处理组 vs 从未处理组' }).first()).toBeVisible();
  await screenshotOf(page.locator('.chart-section'), 'zh-33-bacon-chart');
  await page.getByTestId('analysis-list').getByRole('button', { name: /估计量比较|Estimator comparison/ }).click();
  await expect(page.getByTestId('compare-chart').locator('svg text', { hasText: '各估计量的事件研究估计' }).first()).toBeVisible();
  await screenshot(page, 'zh-30-compare');
  await screenshotOf(page.locator('.chart-section'), 'zh-31-compare-chart');
});

test('PSM: nearest-neighbour matching on lalonde gives MatchIt’s documented-rule ATT, balance and densities', async ({ page, host }) => {
  const att = referenceCase('lalonde.json', 'nearest_documented_rule_att_cluster_subclass').expected as { coefficients: { treat: { estimate: number; se: number } } };
  await page.goto(host.url);
  await createProject(page, 'Matching');
  await importFile(page, dataPath('lalonde.csv'), 'lalonde');

  await openBuilder(page, 'Matching', /^Propensity-score matching/);
  await selectIn(page, 'Treatment (0/1)', 'treat');
  const covariates = page.getByRole('group', { name: 'Covariates' });
  for (const name of ['age', 'educ', 'race', 'married', 'nodegree', 're74', 're75']) await covariates.getByLabel(name, { exact: true }).check();
  await selectIn(page, 'Outcome', 're78');
  await screenshot(page, 'en-40-psm-builder');
  await runAndWait(page, 'Match', 'psm-result');

  const row = page.getByTestId('psm-att').locator('tbody tr').first();
  expect(relativeDifference(await numberIn(row.locator('[data-field="estimate"]')), att.coefficients.treat.estimate)).toBeLessThan(1e-6);
  expect(relativeDifference(await numberIn(row.locator('[data-field="se"]')), att.coefficients.treat.se)).toBeLessThan(1e-6);
  await expect(page.getByTestId('psm-balance').locator('tr[data-term="re74"]')).toBeVisible();
  const chart = page.getByTestId('psm-density-chart');
  for (const text of ['Propensity-score densities before and after matching', 'Before matching', 'After matching', 'Treated', 'Control']) {
    await expect(chart.locator('svg text', { hasText: text }).first()).toBeVisible();
  }
  await screenshot(page, 'en-41-psm-result');
  await screenshotOf(page.getByTestId('psm-balance'), 'en-42-psm-balance');
  await page.getByTestId('language-select').selectOption('zh-CN');
  await expect(chart.locator('svg text', { hasText: '匹配前' }).first()).toBeVisible();
  await screenshotOf(page.locator('.chart-section'), 'zh-43-psm-density');
  await screenshotOf(page.getByTestId('psm-balance'), 'zh-42-psm-balance');
});

test('robustness variants of a saved DID, saved as linked analyses and shown side by side; lag effects', async ({ page, host }) => {
  await page.goto(host.url);
  await createProject(page, 'Robustness');
  await importFile(page, dataPath('mpdta.csv'), 'mpdta');
  await page.getByRole('button', { name: 'Next: build a DID' }).click();
  await selectIn(page, 'Outcome', 'lemp');
  await selectIn(page, 'Treatment column (0/1)', 'treat_post');
  await selectIn(page, 'Unit (panel ID)', 'countyreal');
  await selectIn(page, 'Time period', 'year');
  await page.getByRole('button', { name: 'Run DID' }).click();
  await expect(page.getByTestId('coefficient-table')).toBeVisible({ timeout: 120_000 });
  const base = await numberIn(page.getByTestId('coefficient-table').locator('tr[data-term="treat_post"] [data-field="estimate"]'));

  await page.getByRole('button', { name: 'Robustness variants' }).click();
  await expect(page.getByLabel('Base DID')).not.toHaveValue('');
  await page.getByLabel('Winsorize the outcome').check();
  await page.getByLabel('Drop periods').check();
  await page.getByLabel('Periods to drop').fill('2007');
  await screenshot(page, 'en-50-robustness-builder');
  await runAndWait(page, 'Run the variants', 'robustness-result');
  const table = page.getByTestId('robustness-table');
  const estimates = table.locator('td[data-field="estimate"]');
  await expect(estimates).toHaveCount(3);
  expect(await numberIn(estimates.nth(0))).toBe(base);
  // Each variant is its own saved analysis, one click away.
  const list = page.getByTestId('analysis-list');
  await expect(list.getByRole('button')).toHaveCount(4);
  await expect(table.getByRole('button', { name: 'Open' })).toHaveCount(3);
  await screenshot(page, 'en-51-robustness-result');
  await table.getByRole('button', { name: 'Open' }).nth(1).click();
  await expect(page.getByTestId('variant-of')).toBeVisible();
  await page.getByTestId('language-select').selectOption('zh-CN');
  await page.getByRole('button', { name: '打开基准分析' }).click();
  await expect(page.getByRole('button', { name: '滞后效应' })).toBeVisible();

  await page.getByRole('button', { name: '滞后效应' }).click();
  await expect(page.getByLabel('结果变量', { exact: true })).toHaveValue('lemp');
  await runAndWait(page, '估计滞后效应', 'lags-result');
  await expect(page.getByTestId('lags-table').locator('tbody tr')).toHaveCount(4);
  await screenshot(page, 'zh-52-lags');
});
