/**
 * Issue 2, point 9 from the user's side: the first start offers the demo project, labelled
 * synthetic, and its ready-made DID finds the true effect.
 */
import { numberIn, screenshot } from '../support/app';
import { expect, test } from '../support/test';

test('the demo project offered on first start opens on its synthetic city panel', async ({ page, host }) => {
  await page.goto(host.url);
  await page.getByRole('button', { name: 'Open the demo project' }).click();

  await expect(page.getByTestId('dataset-title')).toHaveText('demo_city_panel');
  // The description says it is synthetic and states the true effect, in both languages.
  await expect(page.getByText(/Synthetic data \(not real statistics\)/)).toBeVisible();
  await expect(page.getByText(/模拟数据（非真实统计）/)).toBeVisible();
  await expect(page.getByTestId('data-grid').getByRole('gridcell').first()).toBeVisible();
  await expect(page.getByTestId('column-summary')).toBeVisible();
  await screenshot(page, 'en-09-demo');

  // Its ready-made DID recovers the true effect stated in the description, inside its 95% CI.
  const description = await page.locator('.dataset-description').innerText();
  const trueEffect = Number(/\+([\d.]+) points/.exec(description)?.[1]);
  expect(trueEffect).toBeGreaterThan(0);
  await page.getByTestId('analysis-list').getByRole('button').first().click();
  await page.getByRole('button', { name: 'Run this analysis' }).click();
  const first = page.getByTestId('coefficient-table').locator('tbody tr[data-term]').first();
  await expect(first).toBeVisible({ timeout: 120_000 });
  const ci = first.locator('[data-field="ci"] [data-value]');
  const low = Number(await ci.nth(0).getAttribute('data-value'));
  const high = Number(await ci.nth(1).getAttribute('data-value'));
  expect(low).toBeLessThan(trueEffect);
  expect(high).toBeGreaterThan(trueEffect);
  expect(await numberIn(first.locator('[data-field="estimate"]'))).toBeGreaterThan(0);
  await screenshot(page, 'en-11-demo-result');

  await page.getByTestId('language-select').selectOption('zh-CN');
  await page.getByRole('tab', { name: '数据' }).click();
  await expect(page.getByTestId('column-summary')).toBeVisible();
  await screenshot(page, 'zh-09-demo');

  // The offer was made once: a later start shows the demo as a quieter option below.
  await page.getByRole('button', { name: '关闭项目' }).click();
  await expect(page.locator('.demo-card-first')).toHaveCount(0);
  await expect(page.getByRole('button', { name: '打开示例项目' })).toBeVisible();
});
