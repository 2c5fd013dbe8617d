// 一证通办 (issue 5, parts 3 and 4) on the real stack: online, the host asks the platform's (simulated)
// e-certificate library with the terminal's signature; the form fills the declared fields, marks them
// "from e-certificate", and a required material the certificate satisfies is shown as satisfied. Offline,
// nothing is asked: the form says e-certificates are unavailable and the material falls back to capture.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { screenshotOf } from './support/page-shapes.js';
import { startStack, type Stack } from './support/stack.js';

const SERVICE = 'svc-company-seal';
const shot = screenshotOf('e-certificates');

let stack: Stack;
test.beforeAll(async () => {
  stack = await startStack();
});
test.afterAll(async () => {
  await stack?.close();
});

async function devPanel(page: Page): Promise<void> {
  if (!(await page.getByTestId('dev-panel').isVisible())) await page.getByTestId('dev-panel-toggle').click();
}

/** Card 0 of the simulated reader (张三丰, who has a business licence in the library) → the seal form. */
async function toForm(page: Page): Promise<void> {
  await page.getByTestId('attract-start').click();
  await page.getByTestId('services-search').fill('公章');
  await page.getByTestId('osk-done').click();
  await page.getByTestId(`service-item-${SERVICE}`).click();
  await expect(page.getByTestId('identify-prompt')).toBeVisible();
  await devPanel(page);
  await page.getByTestId('dev-remove-card').click();
  // The reader polls: the card must be seen gone before it is seen placed again.
  await page.waitForTimeout(1_000);
  await page.getByTestId('dev-place-card-0').click();
  await expect(page.getByTestId('service-form')).toBeVisible();
  await page.getByTestId('dev-panel-toggle').click();
}

test('online: fields filled and marked from the e-certificate, the business licence needs no capture', async ({ page }) => {
  await page.goto(stack.hostUrl);
  await expect(page.getByTestId('connectivity-state')).toContainText('在线');
  await toForm(page);
  await expect(page.getByTestId('ecert-status')).toHaveAttribute('data-state', 'loaded');
  await expect(page.getByTestId('ecert-status')).toContainText('3 份');
  await expect(page.getByTestId('field-companyName')).toHaveValue('北京示例太极文化有限公司');
  await expect(page.getByTestId('field-companyName-ecert')).toHaveText('来自电子证照');
  await expect(page.getByTestId('field-companyUscc')).toHaveValue('91110101MA01RX7K3F');
  await expect(page.getByTestId('material-businessLicense')).toHaveAttribute('data-decision', 'e-certificate');
  await expect(page.getByTestId('material-businessLicense-state')).toContainText('已由电子证照提供');
  await expect(page.getByTestId('material-businessLicense-capture')).toHaveCount(0);
  // The ID card is not an e-certificate here: still captured or handed in.
  await expect(page.getByTestId('material-idCard-capture')).toBeVisible();
  await page.screenshot(shot('online-form'));
  const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
  expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);

  // The person's own change is theirs: the mark goes.
  await page.getByTestId('field-companyName').fill('北京示例太极文化有限公司分公司');
  await expect(page.getByTestId('field-companyName-ecert')).toHaveCount(0);

  await page.getByTestId('field-phone').fill('13800138000');
  await page.locator('[data-testid^="field-sealTypes-option-"]').first().click();
  await page.getByTestId('form-next').click();
  await expect(page.getByTestId('review-material-businessLicense')).toHaveAttribute('data-decision', 'e-certificate');
  await page.screenshot(shot('online-review'));
  await page.getByTestId('session-cancel').click();
  await expect(page.getByTestId('attract-start')).toBeVisible();
  await expect(page.locator('body')).not.toContainText('太极文化');
});

test('offline: nothing is asked; the form says so and the material falls back to capture or the counter', async ({ page }) => {
  await page.goto(stack.hostUrl);
  await expect(page.getByTestId('connectivity-state')).toContainText('在线');
  await stack.stopPlatform();
  await expect(page.getByTestId('connectivity-state')).toContainText('离线', { timeout: 30_000 });
  await toForm(page);
  await expect(page.getByTestId('ecert-status')).toHaveAttribute('data-state', 'offline');
  await expect(page.getByTestId('ecert-status')).toContainText('离线');
  await expect(page.getByTestId('field-companyName')).toHaveValue('');
  await expect(page.getByTestId('material-businessLicense')).toHaveAttribute('data-decision', 'none');
  await expect(page.getByTestId('material-businessLicense-capture')).toBeVisible();
  await page.screenshot(shot('offline-form'));
  await stack.startPlatform();
});
