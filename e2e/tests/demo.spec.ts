/** Issue 2, point 9 from the user's side: the first start offers the demo project, labelled synthetic. */
import { screenshot } from '../support/app';
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

  await page.getByTestId('language-select').selectOption('zh-CN');
  await expect(page.getByRole('tab', { name: '数据' })).toBeVisible();
  await screenshot(page, 'zh-09-demo');

  // The offer was made once: a later start shows the demo as a quieter option below.
  await page.getByRole('button', { name: '关闭项目' }).click();
  await expect(page.locator('.demo-card-first')).toHaveCount(0);
  await expect(page.getByRole('button', { name: '打开示例项目' })).toBeVisible();
});
