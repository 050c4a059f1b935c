/**
 * Issue 2, point 11: a first-time user goes from a CSV to a DID estimate with an event-study
 * chart, in both languages, and finds the result again after reopening the project. The
 * coefficient on the page must equal fixest's (mpdta.json, case `twfe`) to 1e-6.
 */
import type { Page } from '@playwright/test';
import { dataPath, referenceCase } from '../../main/testing/fixtures';
import { createProject, importFile, numberIn, relativeDifference, screenshot, screenshotOf } from '../support/app';
import { expect, test } from '../support/test';

interface FeolsExpected {
  coefficients: Record<string, { estimate: number; se: number; t: number; p: number }>;
  nobs: number;
  r2: number;
  r2_within: number;
  n_clusters: Record<string, number>;
}

const twfe = referenceCase('mpdta.json', 'twfe').expected as unknown as FeolsExpected;

async function expectTwfeOnPage(page: Page): Promise<void> {
  const row = page.locator('[data-term="treat_post"]');
  await expect(row).toBeVisible();
  const want = twfe.coefficients.treat_post;
  const got = {
    estimate: await numberIn(row.locator('[data-field="estimate"]')),
    se: await numberIn(row.locator('[data-field="se"]')),
    t: await numberIn(row.locator('[data-field="stat"]')),
    p: await numberIn(row.locator('[data-field="p"]')),
  };
  for (const key of ['estimate', 'se', 't', 'p'] as const) {
    expect(relativeDifference(got[key], want[key]), `${key}: page ${got[key]} vs fixest ${want[key]}`).toBeLessThan(1e-6);
  }
  expect(await numberIn(page.locator('[data-stat="nobs"]'))).toBe(twfe.nobs);
  expect(relativeDifference(await numberIn(page.locator('[data-stat="r2"]')), twfe.r2)).toBeLessThan(1e-6);
  expect(relativeDifference(await numberIn(page.locator('[data-stat="r2_within"]')), twfe.r2_within)).toBeLessThan(1e-6);
}

/** The chart is SVG: its title, axis names and legend are text nodes we can read. */
async function expectEventStudyChart(page: Page, texts: string[]): Promise<void> {
  const chart = page.getByTestId('event-study-chart');
  await expect(chart.locator('svg')).toBeVisible();
  for (const text of texts) await expect(chart.locator('svg text', { hasText: text }).first()).toBeVisible();
  // The x axis runs over the window -4 … 3, the reference period -1 included.
  for (const period of ['-4', '-3', '-2', '-1', '0', '1', '2', '3']) {
    await expect(chart.locator('svg text').getByText(period, { exact: true }).first()).toBeVisible();
  }
}

test('first-time user: CSV → DID → chart → Chinese → reopen', async ({ page, host }) => {
  await page.goto(host.url);

  // First start: the demo is offered, and the primary action is a new project.
  await expect(page.getByRole('heading', { name: 'New here? Try the demo project' })).toBeVisible();
  await screenshot(page, 'en-01-start');
  await createProject(page, 'Minimum wage');

  // An empty project says what to do next.
  await expect(page.getByRole('heading', { name: 'No data yet' })).toBeVisible();
  await importFile(page, dataPath('mpdta.csv'), 'mpdta');

  // Rows in the grid, summaries from the describe model.
  const grid = page.getByTestId('data-grid');
  await expect(grid.getByRole('columnheader', { name: 'lemp', exact: true })).toBeVisible();
  await expect(grid.getByRole('gridcell', { name: '8001' }).first()).toBeVisible();
  const summary = page.getByTestId('column-summary');
  await expect(summary.getByRole('rowheader', { name: 'lemp' })).toBeVisible();
  await expect(summary.locator('tr', { has: page.getByRole('rowheader', { name: 'lemp' }) })).toContainText('2,500');
  await screenshot(page, 'en-02-data');

  // The DID builder: lemp on treat_post, county and year FE, clustered by county.
  await page.getByRole('button', { name: 'Next: build a DID' }).click();
  await page.getByLabel('Outcome', { exact: true }).selectOption('lemp');
  await page.getByLabel('Treatment column (0/1)').selectOption('treat_post');
  await page.getByLabel('Unit (panel ID)').selectOption('countyreal');
  await page.getByLabel('Time period').selectOption('year');
  await expect(page.getByLabel('Cluster standard errors by')).toHaveValue('countyreal');
  await expect(page.getByLabel('Unit fixed effects (countyreal)')).toBeChecked();
  await expect(page.getByLabel('Time fixed effects (year)')).toBeChecked();
  await screenshot(page, 'en-03-did-builder');
  await page.getByRole('button', { name: 'Run DID' }).click();

  // Either the table or an error appears; an error fails the test with its own text.
  const table = page.getByTestId('coefficient-table');
  await expect(table.or(page.locator('.error-box'))).toBeVisible({ timeout: 120_000 });
  if (!(await table.isVisible())) throw new Error(`The DID run failed: ${await page.locator('.error-box').innerText()}`);
  await expectTwfeOnPage(page);
  await expect(page.getByText('Fixed effects: countyreal')).toBeVisible();
  await expect(page.getByText('Fixed effects: year')).toBeVisible();
  await expect(page.getByText(`countyreal (${twfe.n_clusters.countyreal} clusters)`)).toBeVisible();
  await expectEventStudyChart(page, ['Event study: lemp', 'Periods relative to treatment', 'Estimate and 95% CI', 'Reference period']);
  await screenshot(page, 'en-04-results');
  await screenshotOf(page.locator('.chart-section'), 'en-05-event-study');

  // Chinese, at once and persisted.
  await page.getByTestId('language-select').selectOption('zh-CN');
  await expect(page.getByRole('tab', { name: '结果' })).toBeVisible();
  await expectEventStudyChart(page, ['事件研究：lemp', '相对政策实施的时期', '估计系数及 95% 置信区间', '基期']);
  await expect(page.getByText('固定效应：countyreal')).toBeVisible();
  await screenshot(page, 'zh-04-results');
  await screenshotOf(page.locator('.chart-section'), 'zh-05-event-study');

  // Close and reopen from the recent list: the stored result is shown again.
  await page.getByRole('button', { name: '关闭项目' }).click();
  await expect(page.getByRole('heading', { name: '最近的项目' })).toBeVisible();
  await screenshot(page, 'zh-01-start');
  await page.reload();
  await expect(page.getByRole('heading', { name: '最近的项目' })).toBeVisible();
  await page.getByRole('button', { name: /Minimum wage/ }).click();
  await expect(page.getByTestId('coefficient-table')).toBeVisible();
  await expectTwfeOnPage(page);
  await expectEventStudyChart(page, ['事件研究：lemp']);
  await screenshot(page, 'zh-06-reopened');

  await page.getByRole('tab', { name: '数据' }).click();
  await expect(page.getByTestId('column-summary')).toBeVisible();
  await screenshot(page, 'zh-02-data');
  await page.getByRole('tab', { name: '双重差分' }).click();
  await screenshot(page, 'zh-03-did-builder');
});
