/**
 * Data management from the user's side: a Stata file with Chinese value labels imports with its
 * labels; a city-level CSV merges onto it m:1 with Stata's _merge counts; a generated variable
 * appears in the grid; the diagnostics draw the observed-cells heat-map; the data exports as a
 * .dta download; a damaged .dta names the file. Screenshots in both languages.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createProject, importFile, openImport, screenshot, screenshotOf } from '../support/app';
import { repoRoot } from '../support/host';
import { expect, test } from '../support/test';

const fixture = (name: string): string => join(repoRoot, 'e2e', 'fixtures', name);

test('import a .dta with value labels, merge city data onto it, generate a variable, export', async ({ page, host }) => {
  await page.goto(host.url);
  await createProject(page, 'CFPS cities');

  // The survey: value labels travel with the codes into the grid and the pickers.
  await importFile(page, fixture('survey.dta'), 'survey');
  const grid = page.getByTestId('data-grid');
  await expect(grid.getByRole('columnheader', { name: 'hukou', exact: true })).toBeVisible();
  await expect(grid.getByRole('gridcell', { name: '1 = 城镇', exact: true }).first()).toBeVisible();
  await expect(grid.getByRole('gridcell', { name: '2 = 女', exact: true }).first()).toBeVisible();
  await screenshot(page, 'en-40-dta-import');

  // The city statistics, then back to the survey to merge them on.
  await importFile(page, fixture('city-stats.csv'), 'city-stats');
  await page.getByTestId('dataset-list').getByRole('button', { name: /^survey/ }).click();
  await expect(page.getByTestId('dataset-title')).toHaveText('survey');
  await page.getByRole('button', { name: 'Merge / append…' }).click();
  const merge = page.getByRole('dialog', { name: 'Merge or append datasets' });
  await merge.getByLabel('Dataset to merge in (using)').selectOption({ label: 'city-stats' });
  await merge.getByLabel(/^m:1/).check();
  await expect(merge.getByLabel('Key 1 here')).toHaveValue('city');
  await expect(merge.getByLabel('Key 1 in the other dataset')).toHaveValue('city');
  await merge.getByRole('button', { name: 'Merge', exact: true }).click();
  const report = merge.getByTestId('merge-report');
  await expect(report).toBeVisible();
  // Cities 1–4 match 10 persons; city 5 (2 persons) has no statistics; city 6 has no persons.
  const count = (row: string) => report.locator(`[data-merge="${row}"] [data-value]`);
  await expect(count('matched')).toHaveAttribute('data-value', '10');
  await expect(count('masterOnly')).toHaveAttribute('data-value', '2');
  await expect(count('usingOnly')).toHaveAttribute('data-value', '1');
  await expect(count('total')).toHaveAttribute('data-value', '13');
  await screenshot(page, 'en-41-merge-report');
  await merge.getByRole('button', { name: 'Open survey_city-stats' }).click();
  await expect(page.getByTestId('dataset-title')).toHaveText('survey_city-stats');
  await expect(grid.getByRole('columnheader', { name: '城市', exact: true })).toBeVisible();
  await expect(grid.getByRole('columnheader', { name: '_merge', exact: true })).toBeVisible();

  // Generate a variable; a syntax error first shows where the expression is wrong.
  await page.getByRole('tab', { name: 'Variables and recipe' }).click();
  await page.getByRole('button', { name: 'Generate variable' }).click();
  const gen = page.getByRole('dialog', { name: 'Generate variable' });
  await gen.getByLabel('Name of the new variable').fill('income_k');
  await gen.getByLabel('Expression').fill('income / ');
  await gen.getByRole('button', { name: 'Apply' }).click();
  await expect(gen.getByTestId('expression-pointer')).toHaveText('income / \n          ^');
  await expect(gen.getByRole('alert').first()).toContainText('position');
  await gen.getByLabel('Expression').fill('round(income / 1000, 1)');
  await gen.getByLabel('Only where (if)').fill('pilot == 1');
  await gen.getByRole('button', { name: 'Apply' }).click();
  await expect(gen).toBeHidden();
  await expect(page.getByTestId('step-message')).toContainText('generated income_k');
  await expect(page.getByTestId('recipe-steps')).toContainText('generate income_k = round(income / 1000, 1) if pilot == 1');
  await expect(page.getByTestId('recipe-steps')).toContainText('merge m:1 city using city-stats');
  await screenshot(page, 'en-42-recipe');

  await page.getByRole('tab', { name: 'Rows' }).click();
  const header = grid.getByRole('columnheader', { name: 'income_k', exact: true });
  await header.scrollIntoViewIfNeeded();
  await expect(header).toBeVisible();
  // Person 1 (Beijing, a pilot city) earns 52,000 yuan: 52.0 thousand.
  await expect(grid.getByRole('gridcell', { name: '52', exact: true }).first()).toBeVisible();
  await screenshot(page, 'en-43-generated');

  // Diagnostics: persons observed once per city code as a small "panel".
  await page.getByRole('tab', { name: 'Diagnostics' }).click();
  await page.getByLabel('Unit (panel ID)').selectOption('pid');
  await page.getByLabel('Time period').selectOption('city');
  await expect(page.getByTestId('panel-balance')).toContainText('Not balanced');
  const chart = page.getByTestId('panel-heatmap');
  await expect(chart.locator('svg text', { hasText: 'Observed unit × period cells' })).toBeVisible();
  await expect(chart.locator('svg text', { hasText: 'Observed' }).first()).toBeVisible();
  await page.getByLabel('Column', { exact: true }).selectOption('hukou');
  await expect(page.getByTestId('frequency-table')).toContainText('1 = 城镇');
  await screenshotOf(chart, 'en-44-heatmap');

  // Export as .dta: a download whose bytes are a Stata file.
  await page.getByRole('button', { name: 'Export…' }).click();
  const exporter = page.getByRole('dialog', { name: 'Export survey_city-stats' });
  const download = page.waitForEvent('download');
  await exporter.getByRole('button', { name: 'Export', exact: true }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('survey_city-stats.dta');
  const saved = await file.path();
  expect(readFileSync(saved).subarray(0, 11).toString('latin1')).toBe('<stata_dta>');
  await expect(exporter.getByTestId('export-done')).toBeVisible();
  await exporter.getByRole('button', { name: 'Close' }).click();

  // The same views in Chinese.
  await page.getByTestId('language-select').selectOption('zh-CN');
  await expect(page.getByRole('heading', { name: '面板结构' })).toBeVisible();
  await expect(chart.locator('svg text', { hasText: '个体 × 时期观测分布' })).toBeVisible();
  await screenshotOf(chart, 'zh-44-heatmap');
  await page.getByRole('tab', { name: '变量与处理步骤' }).click();
  await expect(page.getByTestId('variables-table')).toContainText('1 = 城镇, 2 = 农村');
  await screenshot(page, 'zh-42-recipe');
  await page.getByRole('tab', { name: '数据行' }).click();
  await expect(grid.getByRole('gridcell', { name: '1 = 城镇', exact: true }).first()).toBeVisible();
  await screenshot(page, 'zh-43-generated');
});

test('a damaged .dta file is refused with a message naming it', async ({ page, host, workDir }) => {
  const damaged = join(workDir, 'cfps-damaged.dta');
  writeFileSync(damaged, readFileSync(fixture('survey.dta')).subarray(0, 400));

  await page.goto(host.url);
  await createProject(page, 'Damaged');
  const dialog = await openImport(page);
  await dialog.getByLabel('File').setInputFiles(damaged);
  await expect(dialog.getByText(/value labels \(e\.g\. 1 = 城镇\)/)).toBeVisible();
  await dialog.getByRole('button', { name: 'Import' }).click();
  const error = dialog.locator('.error-box');
  await expect(error).toBeVisible();
  await expect(error).toContainText('The file could not be imported');
  await expect(error).toContainText('cfps-damaged.dta');
  await screenshot(page, 'en-45-damaged-dta');
  await page.getByTestId('language-select').selectOption('zh-CN');
  // The dialog is titled in Chinese now; the engine's message still names the file.
  const errorZh = page.getByRole('dialog', { name: '导入数据' }).locator('.error-box');
  await expect(errorZh).toContainText('cfps-damaged.dta');
  await screenshot(page, 'zh-45-damaged-dta');
});
