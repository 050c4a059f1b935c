/**
 * Issue 8 from the user's side: two DID models run in the workbench become a two-column
 * three-line table in the table builder (preview in English and Chinese), the table is
 * downloaded as .docx, unzipped and checked for both models' coefficients, and rendered by
 * LibreOffice (headless) to PDF and PNG to look at a Word-rendered page.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from '@playwright/test';
import JSZip from 'jszip';
import { formatNumber } from '../../main/publish/format';
import { dataPath } from '../../main/testing/fixtures';
import { ARTIFACTS, createProject, importFile, numberIn, screenshot, screenshotOf } from '../support/app';
import { expect, test } from '../support/test';

/** A cell holding `text`, then any significance stars. */
function numberCell(text: string): RegExp {
  return new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&')}\\**$`);
}

/** Runs the DID builder as it stands and returns the treat_post estimate and SE shown. */
async function runDid(page: Page): Promise<{ estimate: number; se: number }> {
  await page.getByRole('button', { name: 'Run DID' }).click();
  const table = page.getByTestId('coefficient-table');
  await expect(table.or(page.locator('.error-box'))).toBeVisible({ timeout: 120_000 });
  if (!(await table.isVisible())) throw new Error(`The DID run failed: ${await page.locator('.error-box').innerText()}`);
  const row = table.locator('[data-term="treat_post"]');
  return { estimate: await numberIn(row.locator('[data-field="estimate"]')), se: await numberIn(row.locator('[data-field="se"]')) };
}

test('publication table: two DID models → live preview in both languages → .docx download → Word-rendered page', async ({ page, host, workDir }) => {
  await page.goto(host.url);
  await createProject(page, 'Publication');
  await importFile(page, dataPath('mpdta.csv'), 'mpdta');

  // Model (1): lemp on treat_post, county and year FE, clustered by county; no event study.
  await page.getByRole('button', { name: 'Next: build a DID' }).click();
  await page.getByLabel('Outcome', { exact: true }).selectOption('lemp');
  await page.getByLabel('Treatment column (0/1)').selectOption('treat_post');
  await page.getByLabel('Unit (panel ID)').selectOption('countyreal');
  await page.getByLabel('Time period').selectOption('year');
  await page.getByLabel('Also estimate an event study (dynamic effects)').uncheck();
  const first = await runDid(page);
  // Model (2): the same without county fixed effects (the builder reopens with the spec just run).
  await page.getByRole('tab', { name: 'DID' }).click();
  await page.getByLabel('Unit fixed effects (countyreal)').uncheck();
  const second = await runDid(page);
  expect(second.estimate).not.toBe(first.estimate);

  // The table builder from the New analysis menu: both analyses as columns.
  await page.getByRole('button', { name: 'New analysis' }).click();
  await page.getByRole('menu').getByRole('group', { name: 'Tables & output' }).getByRole('menuitem', { name: /^Publication table/ }).click();
  const add = page.getByLabel('Add analysis');
  await add.selectOption({ index: 1 });
  await add.selectOption({ index: 1 });
  const preview = page.getByTestId('table-preview');
  await expect(preview.locator('thead')).toContainText('(2)');
  const estimates = preview.locator('tr[data-row="estimate"]').first().locator('td');
  // Stars depend on each model's p; the numbers are the ones the result pages showed.
  await expect(estimates).toHaveText([numberCell(formatNumber(first.estimate, 3)), numberCell(formatNumber(second.estimate, 3))]);
  await expect(preview.locator('tr[data-row="paren"]').first().locator('td').first()).toHaveText(`(${formatNumber(first.se, 3)})`);
  await expect(preview).toContainText('countyreal FE');
  await expect(preview).toContainText('Observations');
  await page.getByLabel('Title', { exact: true }).fill('Table 1: Minimum wage and teen employment');
  await expect(preview.locator('caption')).toHaveText('Table 1: Minimum wage and teen employment');
  await screenshot(page, 'en-60-table-builder');
  await screenshotOf(page.locator('.pub-paper'), 'en-61-table-preview');

  // Chinese: the app and the table's own words.
  await page.getByTestId('language-select').selectOption('zh-CN');
  await page.getByLabel('表格语言').selectOption('zh');
  await page.getByLabel('标题', { exact: true }).fill('表 1  最低工资与青少年就业');
  await page.getByLabel('treat_post 的标签').fill('政策冲击（DID）');
  await expect(preview).toContainText('观测值');
  await expect(preview).toContainText('countyreal固定效应');
  await expect(preview.locator('tr[data-row="estimate"]').first()).toHaveAttribute('data-label', '政策冲击（DID）');
  await screenshot(page, 'zh-60-table-builder');
  await screenshotOf(page.locator('.pub-paper'), 'zh-61-table-preview');

  // Word: a download of a real Word table holding both models' coefficients.
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Word（.docx）' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe('表 1  最低工资与青少年就业.docx');
  const docx = join(workDir, 'table.docx');
  await download.saveAs(docx);
  await expect(page.getByTestId('export-done')).toContainText('已下载');
  const zip = await JSZip.loadAsync(readFileSync(docx));
  const xml = await (zip.file('word/document.xml') as JSZip.JSZipObject).async('string');
  const texts = [...xml.matchAll(/<w:t[^>]*>([^<]*)<\/w:t>/g)].map((m) => m[1]);
  for (const m of [first, second]) {
    expect(texts).toContain(formatNumber(m.estimate, 3));
    expect(texts).toContain(`(${formatNumber(m.se, 3)})`);
  }
  expect(texts).toContain('政策冲击（DID）');
  expect(xml).toContain('w:eastAsia="SimSun"');

  // What a reader of the Word file sees: LibreOffice → PDF → PNG, kept with the screenshots.
  const profile = mkdtempSync(join(tmpdir(), 'causeway-lo-'));
  try {
    execFileSync('libreoffice', [`-env:UserInstallation=${pathToFileURL(profile).href}`, '--headless', '--convert-to', 'pdf', '--outdir', workDir, docx], { timeout: 120_000, stdio: 'ignore' });
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
  execFileSync('pdftoppm', ['-r', '110', '-png', '-singlefile', join(workDir, 'table.pdf'), join(ARTIFACTS, 'zh-62-table-docx-page')]);
  expect(readdirSync(ARTIFACTS)).toContain('zh-62-table-docx-page.png');
});
