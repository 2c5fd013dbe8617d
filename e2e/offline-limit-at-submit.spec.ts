// An offline limit reached while a person is filling in a form: the limits are checked again at submit. The
// person keeps what they typed — the application is taken, the receipt number shown — and staff are told in the
// staff corner (and the audit), while the next person is sent to the counter before starting. When the platform
// is back the queue drains, the notice goes, and the application is on the platform once.
import { expect, test, type Page } from '@playwright/test';
import { screenshotOf } from './support/page-shapes.js';
import { startStack, type Stack } from './support/stack.js';

const SERVICE_ID = 'svc-social-security-card';
const shots = screenshotOf('offline-limit-at-submit');

let stack: Stack;

test.beforeAll(async () => {
  // The age limit is the one a waiting form can cross: one minute.
  stack = await startStack({ configPatch: { offline: { maxQueued: 50, maxOldestAgeMinutes: 1 } } });
});

test.afterAll(async () => {
  await stack?.close();
});

async function devPanel(page: Page): Promise<void> {
  if (!(await page.getByTestId('dev-panel').isVisible())) await page.getByTestId('dev-panel-toggle').click();
}

async function startForm(page: Page): Promise<void> {
  await page.getByTestId('attract-start').click();
  await page.getByTestId(`service-item-${SERVICE_ID}`).click();
  await expect(page.getByTestId('identify-prompt')).toBeVisible();
  await devPanel(page);
  await page.getByTestId('dev-place-card-0').click();
  await expect(page.getByTestId('service-form')).toBeVisible();
  await page.getByTestId('field-phone').fill('13800138000');
  for (const key of ['cardBank', 'delivery']) await page.locator(`[data-testid^="field-${key}-option-"]`).first().click();
}

async function submitAndFinish(page: Page): Promise<string> {
  await page.getByTestId('form-next').click();
  await page.getByTestId('review-submit').click();
  await expect(page.getByTestId('submitted-number')).toBeVisible();
  const number = (await page.getByTestId('submitted-number').innerText()).trim();
  await page.getByTestId('submitted-finish').click();
  await devPanel(page);
  await page.getByTestId('dev-remove-card').click();
  await expect(page.getByTestId('attract-start')).toBeVisible({ timeout: 20_000 });
  return number;
}

test('a limit reached while the form was filled in: the application is still taken, staff are told, the next person goes to the counter', async ({ page }) => {
  test.setTimeout(240_000);
  await page.goto(stack.hostUrl);
  await expect(page.getByTestId('connectivity-state')).toContainText('在线', { timeout: 30_000 });
  await stack.stopPlatform();
  await expect(page.getByTestId('connectivity-state')).toContainText('离线', { timeout: 30_000 });

  // One application waits; the next person starts below the limit (the oldest has waited 0 minutes).
  await startForm(page);
  const first = await submitAndFinish(page);
  await startForm(page);
  // While they are still on the form, the oldest waiting application passes one minute.
  await expect(page.getByTestId('connectivity-oldest')).toHaveAttribute('data-minutes', '1', { timeout: 90_000 });
  await page.getByTestId('field-phone').fill('13800138001'); // still there, still typing
  await page.locator('[data-testid^="field-delivery-option-"]').first().click(); // (closes the on-screen keyboard)
  const second = await submitAndFinish(page);
  expect(second).not.toBe(first);

  // Taken (two wait), and staff are told; the next person is refused before starting.
  await expect(page.getByTestId('connectivity')).toHaveAttribute('data-waiting', '2');
  await expect(page.getByTestId('over-limit-notice')).toContainText('已超出离线上限仍受理 1 件');
  await page.getByTestId('attract-start').click();
  await expect(page.getByTestId('services-queue-full')).toBeVisible();
  await page.screenshot(shots('told-zh'));
  await page.getByTestId('lang-switch').click();
  await expect(page.getByTestId('over-limit-notice')).toContainText('1 taken over the offline limit');
  await page.getByTestId('lang-switch').click();

  // The platform is back: both arrive once, the notice goes, services open again.
  await stack.startPlatform();
  await expect(page.getByTestId('connectivity')).toHaveAttribute('data-waiting', '0', { timeout: 60_000 });
  await expect(page.getByTestId('over-limit-notice')).toHaveCount(0);
  await expect(page.getByTestId('services-queue-full')).toHaveCount(0);
  const list = await stack.adminGet<{ applications: { application: { applicationNumber: string } }[] }>('/v1/admin/applications?limit=500');
  for (const number of [first, second]) expect(list.applications.filter((a) => a.application.applicationNumber === number)).toHaveLength(1);
});
