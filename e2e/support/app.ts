/** What a user does in the workbench, as steps the e2e tests share. */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, type Locator, type Page } from '@playwright/test';
import { repoRoot } from './host';

export const ARTIFACTS = join(repoRoot, 'e2e-artifacts');

/** Saves a PNG of the window under e2e-artifacts/ (kept by CI, looked at by people). */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: false });
}

/** Saves a PNG of one element (a chart below the fold, say) under e2e-artifacts/. */
export async function screenshotOf(locator: Locator, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await locator.scrollIntoViewIfNeeded();
  await locator.screenshot({ path: join(ARTIFACTS, `${name}.png`) });
}

export async function createProject(page: Page, name: string): Promise<void> {
  await page.getByLabel('Project name').fill(name);
  await page.getByRole('button', { name: 'Create project' }).click();
  await expect(page.getByTestId('project-name')).toHaveText(name);
}

/** Opens the import dialog from wherever its button is (sidebar or empty state). */
export async function openImport(page: Page): Promise<Locator> {
  await page.getByRole('button', { name: 'Import data' }).first().click();
  const dialog = page.getByRole('dialog', { name: 'Import data' });
  await expect(dialog).toBeVisible();
  return dialog;
}

/** Imports a file with automatic settings and waits until its rows are on screen. */
export async function importFile(page: Page, file: string, datasetName: string): Promise<void> {
  const dialog = await openImport(page);
  await dialog.getByLabel('File').setInputFiles(file);
  await expect(dialog.getByLabel('Dataset name')).toHaveValue(datasetName);
  await dialog.getByRole('button', { name: 'Import' }).click();
  await expect(dialog).toBeHidden({ timeout: 120_000 });
  await expect(page.getByTestId('dataset-title')).toHaveText(datasetName);
}

/** The full double behind a rounded number on the page. */
export async function numberIn(locator: Locator): Promise<number> {
  const value = await locator.locator('[data-value]').first().getAttribute('data-value');
  if (value === null) throw new Error('no data-value in the located element');
  return Number(value);
}

export function relativeDifference(actual: number, expected: number): number {
  return Math.abs(actual - expected) / Math.max(Math.abs(expected), Number.MIN_VALUE);
}
