/**
 * CSV import from the user's side: a GBK file with Chinese column names, a malformed file
 * (error naming the file and line; the app keeps working) and a cancelled long import (the
 * project stays as it was).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { dataPath } from '../../main/testing/fixtures';
import { createProject, importFile, openImport, screenshot } from '../support/app';
import { writeCsv } from '../support/files';
import { repoRoot } from '../support/host';
import { expect, test } from '../support/test';

test('a GBK-encoded file with Chinese column names imports with automatic detection', async ({ page, host }) => {
  await page.goto(host.url);
  await createProject(page, 'GBK cities');
  await importFile(page, join(repoRoot, 'e2e', 'fixtures', 'gbk-cities.csv'), 'gbk-cities');

  const grid = page.getByTestId('data-grid');
  for (const name of ['城市', '省份', '年份', '试点城市', '社会治理指数', '人均GDP对数']) {
    await expect(grid.getByRole('columnheader', { name, exact: true })).toBeVisible();
  }
  await expect(grid.getByRole('gridcell', { name: '杭州' }).first()).toBeVisible();
  const summary = page.getByTestId('column-summary');
  await expect(summary.getByRole('rowheader', { name: '社会治理指数' })).toBeVisible();
  await expect(summary.locator('tr', { has: page.getByRole('rowheader', { name: '城市', exact: true }) })).toContainText('text');

  await page.getByTestId('language-select').selectOption('zh-CN');
  await expect(summary.locator('tr', { has: page.getByRole('rowheader', { name: '城市', exact: true }) })).toContainText('文本');
  await screenshot(page, 'zh-10-gbk-import');
});

test('a malformed file shows an error naming the file and line, and the app keeps working', async ({ page, host, workDir }) => {
  const bad = join(workDir, 'broken-panel.csv');
  writeFileSync(bad, 'id,year,y\n1,2000,0.5\n2,2000,0.7,extra\n3,2000,0.9\n');

  await page.goto(host.url);
  await createProject(page, 'Malformed');
  const dialog = await openImport(page);
  await dialog.getByLabel('File').setInputFiles(bad);
  await dialog.getByRole('button', { name: 'Import' }).click();

  const error = dialog.locator('.error-box');
  await expect(error).toBeVisible();
  await expect(error).toHaveAttribute('data-error-code', 'malformed_csv');
  await expect(error).toContainText('The file could not be imported');
  await expect(error).toContainText('broken-panel.csv');
  await expect(error).toContainText('line 3');
  await screenshot(page, 'en-07-malformed');

  // Nothing was added, and the next import works.
  await dialog.getByRole('button', { name: 'Cancel', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'No data yet' })).toBeVisible();
  await importFile(page, dataPath('mpdta.csv'), 'mpdta');
  await expect(page.getByTestId('dataset-list').getByRole('listitem')).toHaveCount(1);
});

test('a cancelled long import leaves the project as it was', async ({ page, host, workDir }) => {
  const big = join(workDir, 'big-panel.csv');
  // Enough rows that reading takes seconds on this machine.
  await writeCsv(big, 'unit,year,x1,x2,x3,label', 3_000_000, (i) =>
    `${i % 100000},${2000 + (i % 20)},${(i * 0.37) % 11},${(i * 1.3) % 7},${i % 13},g${i % 50}`,
  );

  await page.goto(host.url);
  await createProject(page, 'Cancel import');
  await importFile(page, dataPath('mpdta.csv'), 'mpdta');

  const dialog = await openImport(page);
  await dialog.getByLabel('File').setInputFiles(big);
  await dialog.getByRole('button', { name: 'Import' }).click();
  const progress = dialog.getByRole('progressbar', { name: 'Reading the file…' });
  await expect(progress).toBeVisible({ timeout: 60_000 });
  await expect(progress).not.toHaveAttribute('aria-valuenow', '0');
  await screenshot(page, 'en-08-import-progress');
  await dialog.getByRole('button', { name: 'Cancel import' }).click();
  await expect(dialog.getByText('Import cancelled. The project is unchanged.')).toBeVisible();
  await dialog.getByRole('button', { name: 'Cancel', exact: true }).click();

  // Still exactly the one dataset, in this session and after reopening the project.
  const list = page.getByTestId('dataset-list');
  await expect(list.getByRole('listitem')).toHaveCount(1);
  await page.getByRole('button', { name: 'Close project' }).click();
  await page.getByRole('button', { name: /Cancel import/ }).click();
  await expect(page.getByTestId('dataset-list').getByRole('listitem')).toHaveCount(1);
  await expect(page.getByTestId('dataset-list')).toContainText('mpdta');
});
