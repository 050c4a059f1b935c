/**
 * The data grid on 1.2 million rows: only the visible rows exist in the page, jumping anywhere
 * shows that row's values fetched through the paged rows channel, and the rows beyond the
 * first million (more than a browser can lay out in one scrolling canvas) are reached by
 * choosing the next segment of rows above the grid.
 */
import { join } from 'node:path';
import { writeCsv } from '../support/files';
import { createProject, importFile, screenshot } from '../support/app';
import { expect, test } from '../support/test';

const ROWS = 1_200_000;

test('a 1.2-million-row dataset scrolls to any row with only the visible rows in the page', async ({ page, host, workDir }) => {
  const file = join(workDir, 'million.csv');
  // Row i (1-based) holds id = i, so every cell says which row it is.
  await writeCsv(file, 'id,year,x', ROWS, (i) => `${i + 1},${2000 + (i % 20)},${(i % 97) / 7}`);

  await page.goto(host.url);
  await createProject(page, 'Million');
  await importFile(page, file, 'million');
  await expect(page.getByText('1,200,000 rows × 3 columns').first()).toBeVisible();

  const grid = page.getByTestId('data-grid');
  await expect(grid).toHaveAttribute('aria-rowcount', String(ROWS + 1));
  for (const row of [500_000, 999_990, 123_457, 1]) {
    // Row heights are fixed, so a row's offset is known without rendering the rows before it.
    await grid.evaluate((el, r) => {
      const rowHeight = 26;
      el.scrollTop = (r - 1) * rowHeight;
    }, row);
    const cell = grid.locator(`[role="row"][aria-rowindex="${row + 1}"] [role="gridcell"][aria-colindex="2"]`);
    await expect(cell).toHaveText(String(row), { timeout: 5000 });
  }
  const rendered = await grid.locator('[role="row"]').count();
  expect(rendered).toBeLessThan(120);

  // The second segment: rows 1,000,001 – 1,200,000, scrolled within it.
  const segments = page.getByTestId('grid-segments');
  await expect(segments.getByRole('combobox')).toHaveValue('0');
  await segments.getByRole('button', { name: 'Next rows' }).click();
  await expect(segments.getByRole('combobox')).toHaveValue('1');
  await expect(grid.locator('[role="row"][aria-rowindex="1000002"] [role="rowheader"]')).toHaveText('1000001');
  await expect(grid.locator('[role="row"][aria-rowindex="1000002"] [role="gridcell"][aria-colindex="2"]')).toHaveText('1000001', { timeout: 5000 });
  await grid.evaluate((el) => {
    el.scrollTop = (1_199_999 - 1_000_000) * 26;
  });
  await expect(grid.locator('[role="row"][aria-rowindex="1200001"] [role="gridcell"][aria-colindex="2"]')).toHaveText('1200000', { timeout: 5000 });
  await screenshot(page, 'en-09-grid-segments');
  await segments.getByRole('combobox').selectOption('0');
  await expect(grid.locator('[role="row"][aria-rowindex="2"] [role="gridcell"][aria-colindex="2"]')).toHaveText('1', { timeout: 5000 });
});
